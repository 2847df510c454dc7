import { describe, expect, it } from 'vitest';
import { ApiProblem, formFailure, mapFieldErrors, parseRetryAfter, toApiProblem, toFormPath } from './problem';

function problem(errors: Array<{ field: string; message: string }>) {
  return new ApiProblem({
    status: 422,
    code: 'validation_failed',
    title: 'Invalid',
    detail: 'A field is invalid',
    fieldErrors: errors.map((e) => ({ ...e, code: 'length' })),
  });
}

describe('toFormPath', () => {
  it('turns JSON paths into react-hook-form paths', () => {
    expect(toFormPath('subject')).toBe('subject');
    expect(toFormPath('conditions[1].words')).toBe('conditions.1.words');
    expect(toFormPath('a[0][2].b')).toBe('a.0.2.b');
    expect(toFormPath('/body/subject')).toBe('subject');
    expect(toFormPath('/items/0/name')).toBe('items.0.name');
  });
});

describe('mapFieldErrors', () => {
  it('puts each error on its field and keeps the rest', () => {
    const p = problem([
      { field: 'subject', message: 'Too long' },
      { field: 'description', message: 'Required' },
      { field: 'unknown_thing', message: 'Odd' },
    ]);
    const { byField, rest } = mapFieldErrors(p, ['subject', 'description']);
    expect(byField).toEqual({ subject: 'Too long', description: 'Required' });
    expect(rest.map((r) => r.field)).toEqual(['unknown_thing']);
  });

  it('maps nested paths to the exact field, else to the deepest known parent', () => {
    const p = problem([
      { field: 'conditions[1].words', message: 'Give at least one word' },
      { field: 'conditions[2].field', message: 'Unknown field' },
      { field: 'actions[0].value.nl', message: 'Too long' },
    ]);
    const { byField, rest } = mapFieldErrors(p, ['conditions.1.words', 'conditions', 'actions.0.value']);
    expect(byField).toEqual({
      'conditions.1.words': 'Give at least one word',
      conditions: 'Unknown field',
      'actions.0.value': 'Too long',
    });
    expect(rest).toEqual([]);
  });

  it('renames API fields where the form calls them differently, first message wins', () => {
    const p = problem([
      { field: 'note', message: 'Too long' },
      { field: 'note', message: 'Second' },
    ]);
    expect(mapFieldErrors(p, ['reason'], { note: 'reason' }).byField).toEqual({ reason: 'Too long' });
  });
});

describe('toApiProblem', () => {
  it('reads a problem+json body with its field errors and Retry-After', () => {
    const body = {
      type: 'urn:loket:problem:rate_limited',
      title: 'Too many requests',
      status: 429,
      detail: 'Too many failed logins',
      code: 'rate_limited',
      request_id: 'r1',
    };
    const res = new Response(JSON.stringify(body), { status: 429, headers: { 'Retry-After': '840' } });
    const p = toApiProblem(body, res);
    expect(p).toBeInstanceOf(ApiProblem);
    expect(p.status).toBe(429);
    expect(p.code).toBe('rate_limited');
    expect(p.retryAfter).toBe(840);
    expect(p.requestId).toBe('r1');
  });

  it('makes an error of a body that is not a problem', () => {
    const res = new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' });
    const p = toApiProblem('<html>bad gateway</html>', res);
    expect(p.status).toBe(502);
    expect(p.code).toBe('unknown');
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('60')).toBe(60);
    const now = Date.parse('2026-12-03T10:00:00Z');
    expect(parseRetryAfter('Thu, 03 Dec 2026 10:14:00 GMT', now)).toBe(840);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
  });
});

describe('formFailure', () => {
  const t = (key: string) => `t(${key})`;
  it('puts a 422’s errors at their fields and says the rest above the form', () => {
    const set: Record<string, string> = {};
    const p = problem([
      { field: 'reason', message: 'Too long' },
      { field: 'elsewhere', message: 'Not here' },
    ]);
    expect(formFailure(p, ['reason'], (f, m) => (set[f] = m), t)).toBe('Not here');
    expect(set).toEqual({ reason: 'Too long' });
  });
  it('asks to fix the marked fields when every error found its field', () => {
    const set: Record<string, string> = {};
    expect(formFailure(problem([{ field: 'reason', message: 'Too long' }]), ['reason'], (f, m) => (set[f] = m), t)).toBe('t(common:form.fixErrors)');
  });
  it('gives any other problem’s detail, and words for a network failure or the unexpected', () => {
    const none = () => {
      throw new Error('no field for these');
    };
    const conflict = new ApiProblem({ status: 409, code: 'conflict', title: 'Conflict', detail: 'Someone else changed it', fieldErrors: [] });
    expect(formFailure(conflict, ['reason'], none, t)).toBe('Someone else changed it');
    const offline = new ApiProblem({ status: 0, code: 'network', title: 'Network', detail: 'fetch failed', fieldErrors: [] });
    expect(formFailure(offline, ['reason'], none, t)).toBe('t(common:error.network)');
    expect(formFailure(new Error('boom'), ['reason'], none, t)).toBe('t(common:error.unexpected)');
  });
});
