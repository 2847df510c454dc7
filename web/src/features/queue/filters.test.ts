import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTERS, filtersFromParams, paramsFromFilters, queueHref, sameFilters, withFilter, type QueueFilters } from './filters';

const from = (s: string) => filtersFromParams(new URLSearchParams(s));
const AGENT = '0b9f3c1e-8a3d-4c55-9d7e-1f2a3b4c5d6e';

describe('queue filters in the URL', () => {
  it('shows the open tickets when the URL has no filter', () => {
    expect(from('')).toEqual(DEFAULT_FILTERS);
    expect(queueHref(DEFAULT_FILTERS)).toBe('/console');
  });

  it('reads every filter', () => {
    expect(from(`status=new,open&kind=issue&priority=high&assignee=me&organization=${AGENT}&channel=email&breached=1&at_risk=0&q=printer`)).toEqual({
      status: 'new,open',
      kind: 'issue',
      priority: 'high',
      assignee: 'me',
      organization: AGENT,
      channel: 'email',
      breached: true,
      at_risk: false,
      q: 'printer',
    });
  });

  it('has a word for every status and for unassigned', () => {
    expect(from('status=all')).toEqual({});
    expect(from('assignee=unassigned')).toEqual({ ...DEFAULT_FILTERS, unassigned: true });
  });

  it('drops values the API would refuse, rather than failing the page', () => {
    expect(from('status=bogus&kind=x&priority=urgent&channel=fax&assignee=bob&organization=acme&breached=maybe&q=%20%20')).toEqual({});
    expect(from('status=open,bogus,new')).toEqual({ status: 'new,open' });
    expect(from(`q=${'a'.repeat(300)}`).q).toHaveLength(200);
  });

  it('round-trips through the URL', () => {
    const cases: QueueFilters[] = [
      DEFAULT_FILTERS,
      {},
      { status: 'resolved,closed', q: 'invoice' },
      { ...DEFAULT_FILTERS, assignee: AGENT, priority: 'critical' },
      { ...DEFAULT_FILTERS, unassigned: true, breached: true, channel: 'phone' },
    ];
    for (const f of cases) expect(filtersFromParams(paramsFromFilters(f))).toEqual(f);
  });

  it('compares filters as the URL carries them', () => {
    expect(sameFilters({ status: 'open,new' }, { status: 'new,open' })).toBe(true);
    expect(sameFilters(DEFAULT_FILTERS, { ...DEFAULT_FILTERS, q: ' ' })).toBe(true);
    expect(sameFilters(DEFAULT_FILTERS, {})).toBe(false);
  });
});

describe('withFilter', () => {
  it('sets and removes one filter', () => {
    expect(withFilter(DEFAULT_FILTERS, { kind: 'issue' })).toEqual({ ...DEFAULT_FILTERS, kind: 'issue' });
    expect(withFilter({ ...DEFAULT_FILTERS, kind: 'issue' }, { kind: undefined })).toEqual(DEFAULT_FILTERS);
    expect(withFilter({ ...DEFAULT_FILTERS, breached: true }, { breached: undefined })).toEqual(DEFAULT_FILTERS);
  });

  it('keeps "assigned to" and "unassigned" exclusive', () => {
    expect(withFilter({ assignee: 'me' }, { unassigned: true })).toEqual({ unassigned: true });
    expect(withFilter({ unassigned: true }, { assignee: AGENT })).toEqual({ assignee: AGENT });
  });
});
