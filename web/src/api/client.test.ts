import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApiClient, unwrap } from './client';
import { session } from './session';
import { ApiProblem } from './problem';

const user = {
  id: '00000000-0000-0000-0000-000000000001',
  email: 'tom.claes@bakkerij-peeters.example',
  display_name: 'Tom Claes',
  language: 'nl',
  role: 'customer',
  active: true,
  has_password: true,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
} as const;

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });
}
const unauth = () =>
  json(401, { type: 'urn:loket:problem:unauthenticated', title: 'Unauthorized', status: 401, detail: 'expired', code: 'unauthenticated' });

/** A fake server: tokens "t1" (expired) and "t2" (fresh); refresh answers t2 after a delay. */
function fakeServer(opts: { refreshOk?: boolean } = {}) {
  const calls: Array<{ url: string; auth: string | null; body: string }> = [];
  let refreshes = 0;
  const fetch = vi.fn(async (req: Request) => {
    const url = new URL(req.url).pathname;
    const body = req.method === 'GET' ? '' : await req.text();
    calls.push({ url, auth: req.headers.get('Authorization'), body });
    if (url === '/api/v1/auth/refresh') {
      refreshes++;
      await new Promise((r) => setTimeout(r, 20));
      if (opts.refreshOk === false) return unauth();
      return json(200, { access_token: 't2', token_type: 'Bearer', expires_in: 900, refresh_expires_in: 1, user });
    }
    if (req.headers.get('Authorization') !== 'Bearer t2') return unauth();
    return json(200, { ok: url, body });
  });
  return { fetch, calls, refreshes: () => refreshes };
}

afterEach(() => {
  session.clear();
  session.onExpired(null);
});

describe('the API client', () => {
  it('sends the bearer token and the UI language', async () => {
    const s = fakeServer();
    session.start({ access_token: 't2', user });
    const client = createApiClient(s.fetch);
    await unwrap(client.GET('/api/v1/me'));
    const req = s.fetch.mock.calls[0]![0];
    expect(req.headers.get('Authorization')).toBe('Bearer t2');
    expect(req.headers.get('Accept-Language')).toMatch(/^(nl|en)$/);
  });

  it('refreshes once on a 401 and retries the request once, body intact', async () => {
    const s = fakeServer();
    session.start({ access_token: 't1', user });
    const client = createApiClient(s.fetch);
    const data = await unwrap(
      client.POST('/api/v1/tickets/{reference}/comments', {
        params: { path: { reference: '2026-000001' } },
        body: { body: 'Hello' },
      }),
    );
    expect(data).toMatchObject({ body: JSON.stringify({ body: 'Hello' }) });
    expect(s.refreshes()).toBe(1);
    expect(s.calls.map((c) => c.url)).toEqual([
      '/api/v1/tickets/2026-000001/comments',
      '/api/v1/auth/refresh',
      '/api/v1/tickets/2026-000001/comments',
    ]);
    expect(s.calls[2]!.auth).toBe('Bearer t2');
    expect(session.accessToken()).toBe('t2');
  });

  it('shares one refresh between concurrent 401s (single-flight)', async () => {
    const s = fakeServer();
    session.start({ access_token: 't1', user });
    const client = createApiClient(s.fetch);
    const results = await Promise.all([
      unwrap(client.GET('/api/v1/me')),
      unwrap(client.GET('/api/v1/tickets')),
      unwrap(client.GET('/api/v1/billing/coverage')),
    ]);
    expect(results).toHaveLength(3);
    expect(s.refreshes()).toBe(1);
  });

  it('retries only once: a second 401 is the answer', async () => {
    const fetch = vi.fn(async (req: Request) =>
      new URL(req.url).pathname === '/api/v1/auth/refresh'
        ? json(200, { access_token: 't2', token_type: 'Bearer', expires_in: 900, refresh_expires_in: 1, user })
        : unauth(),
    );
    session.start({ access_token: 't1', user });
    const client = createApiClient(fetch);
    await expect(unwrap(client.GET('/api/v1/me'))).rejects.toMatchObject({ status: 401 });
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it('gives up when the refresh fails: the session is dropped and the app told', async () => {
    const s = fakeServer({ refreshOk: false });
    session.start({ access_token: 't1', user });
    const expired = vi.fn();
    session.onExpired(expired);
    const client = createApiClient(s.fetch);
    const err = await unwrap(client.GET('/api/v1/me')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiProblem);
    expect((err as ApiProblem).status).toBe(401);
    expect(s.refreshes()).toBe(1);
    expect(session.user()).toBeNull();
    expect(session.get().expired).toBe(true);
    expect(expired).toHaveBeenCalledTimes(1);
  });

  it('does not refresh on a 401 from the auth routes (a wrong password)', async () => {
    const s = fakeServer();
    const client = createApiClient(s.fetch);
    await expect(
      unwrap(client.POST('/api/v1/auth/login', { body: { email: 'a@b.c', password: 'x' } })),
    ).rejects.toMatchObject({ status: 401 });
    expect(s.refreshes()).toBe(0);
  });

  it('turns a failed fetch into a network problem', async () => {
    const client = createApiClient(async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(unwrap(client.GET('/api/v1/me'))).rejects.toMatchObject({ code: 'network' });
  });
});
