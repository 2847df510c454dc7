import type { operations } from '../../api/schema';
import type { Schema } from '../../api/types';

export type Status = Schema<'TicketStatus'>;
export type Kind = Schema<'Kind'>;
export type Priority = Schema<'Priority'>;
export type Channel = Schema<'Channel'>;

export const STATUSES: readonly Status[] = ['new', 'open', 'pending_customer', 'scheduled', 'resolved', 'closed'];
export const OPEN_STATUSES: readonly Status[] = ['new', 'open', 'pending_customer', 'scheduled'];
export const KINDS: readonly Kind[] = ['support', 'issue', 'change_request'];
export const PRIORITIES: readonly Priority[] = ['critical', 'high', 'medium', 'low'];
export const CHANNELS: readonly Channel[] = ['portal', 'email', 'phone', 'api'];

/**
 * The queue's filters: the list API's query parameters, which a saved view keeps as they are,
 * so one object goes from the URL to the API and into a view unchanged.
 */
export type QueueFilters = Schema<'TicketFilters'>;

/** What the queue shows without any filter in the URL: the open tickets. */
export const DEFAULT_FILTERS: QueueFilters = { status: OPEN_STATUSES.join(',') };

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
/** The longest search the API takes. */
export const MAX_SEARCH = 200;

function oneOf<T extends string>(list: readonly T[], v: string | null): T | undefined {
  return v !== null && (list as readonly string[]).includes(v) ? (v as T) : undefined;
}

function flag(v: string | null): boolean | undefined {
  return v === '1' ? true : v === '0' ? false : undefined;
}

/** A comma-separated list of known statuses, in the usual order; undefined when none is known. */
function statusList(v: string): string | undefined {
  const set = new Set(v.split(','));
  const known = STATUSES.filter((s) => set.has(s));
  return known.length ? known.join(',') : undefined;
}

/**
 * The filters of a queue URL. `status` absent = the open ones, `status=all` = every status;
 * `assignee=unassigned` stands for the API's `unassigned=true`. Unknown values are dropped.
 */
export function filtersFromParams(p: URLSearchParams): QueueFilters {
  const f: QueueFilters = {};
  const status = p.get('status');
  if (status === null) f.status = DEFAULT_FILTERS.status;
  else if (status !== 'all') {
    const list = statusList(status);
    if (list) f.status = list;
  }
  const kind = oneOf(KINDS, p.get('kind'));
  if (kind) f.kind = kind;
  const priority = oneOf(PRIORITIES, p.get('priority'));
  if (priority) f.priority = priority;
  const assignee = p.get('assignee')?.trim();
  if (assignee === 'unassigned') f.unassigned = true;
  else if (assignee === 'me' || (assignee && UUID.test(assignee))) f.assignee = assignee;
  const organization = p.get('organization')?.trim();
  if (organization && UUID.test(organization)) f.organization = organization;
  const channel = oneOf(CHANNELS, p.get('channel'));
  if (channel) f.channel = channel;
  const breached = flag(p.get('breached'));
  if (breached !== undefined) f.breached = breached;
  const atRisk = flag(p.get('at_risk'));
  if (atRisk !== undefined) f.at_risk = atRisk;
  const q = p.get('q')?.trim().slice(0, MAX_SEARCH);
  if (q) f.q = q;
  return f;
}

/** The URL search params of these filters (the inverse of filtersFromParams), in a stable order. */
export function paramsFromFilters(f: QueueFilters): URLSearchParams {
  const p = new URLSearchParams();
  const status = f.status ? statusList(f.status) : undefined;
  if (status === undefined) p.set('status', 'all');
  else if (status !== DEFAULT_FILTERS.status) p.set('status', status);
  if (f.kind) p.set('kind', f.kind);
  if (f.priority) p.set('priority', f.priority);
  if (f.unassigned) p.set('assignee', 'unassigned');
  else if (f.assignee) p.set('assignee', f.assignee);
  if (f.organization) p.set('organization', f.organization);
  if (f.channel) p.set('channel', f.channel);
  if (f.breached != null) p.set('breached', f.breached ? '1' : '0');
  if (f.at_risk != null) p.set('at_risk', f.at_risk ? '1' : '0');
  if (f.q?.trim()) p.set('q', f.q.trim());
  return p;
}

export type ListQuery = NonNullable<operations['list_tickets']['parameters']['query']>;

/** The filters as the query of `GET /tickets` (a view's nulls left out). */
export function listQuery(f: QueueFilters): ListQuery {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v != null)) as ListQuery;
}

/** `/console?…` for these filters. */
export function queueHref(f: QueueFilters): string {
  const s = paramsFromFilters(f).toString();
  return s ? `/console?${s}` : '/console';
}

/** Same filters (as the URL would carry them). */
export function sameFilters(a: QueueFilters, b: QueueFilters): boolean {
  return paramsFromFilters(a).toString() === paramsFromFilters(b).toString();
}

/** These filters with some changed; `undefined` or null (or '' / false for the flags) removes one. */
export function withFilter(f: QueueFilters, change: Partial<QueueFilters>): QueueFilters {
  const merged: Record<string, unknown> = { ...f, ...change };
  if (change.unassigned) merged.assignee = undefined;
  if (change.assignee) merged.unassigned = undefined;
  const cleared = (k: string, v: unknown) => v == null || (k in change && (v === '' || v === false));
  return Object.fromEntries(Object.entries(merged).filter(([k, v]) => !cleared(k, v))) as QueueFilters;
}
