import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, filenameFrom, unwrap } from '../../api/client';
import { ApiProblem, toApiProblem } from '../../api/problem';
import type { Schema } from '../../api/types';
import type { Period } from './period';

export type BacklogReport = Schema<'BacklogReport'>;
export type SlaReport = Schema<'SlaReport'>;
export type BillingSummaryReport = Schema<'BillingSummaryReport'>;
export type TicketsReport = Schema<'TicketsReport'>;
export type FirstResponseReport = Schema<'FirstResponseReport'>;
export type Kind = Schema<'Kind'>;
export type Priority = Schema<'Priority'>;
export type Channel = Schema<'Channel'>;

/** The reports a card downloads as CSV. */
export type ReportName = 'backlog' | 'sla' | 'billing' | 'tickets' | 'first-response';

/** `undefined` organisation: everything the caller may see (staff: all; a customer admin: their own). */
export type Scope = string | undefined;

/** Query keys of the dashboard, in one place. Every report key starts with `reports`. */
export const dashboardKeys = {
  all: () => ['reports'] as const,
  backlog: (org: Scope) => ['reports', 'backlog', org ?? 'all'] as const,
  period: (name: Exclude<ReportName, 'backlog'>, p: Period, org: Scope) => ['reports', name, p.from, p.to, org ?? 'all'] as const,
};

/** The JSON answer of a report (its spec also lists the CSV one, hence the string in the type). */
function json<T>(call: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<T> {
  return unwrap(call) as Promise<T>;
}

function query(p: Period | null, org: Scope) {
  return { ...(p ? { from: p.from, to: p.to } : {}), ...(org ? { organization_id: org } : {}) };
}

export function useBacklog(org: Scope) {
  return useQuery({
    queryKey: dashboardKeys.backlog(org),
    queryFn: ({ signal }) => json<BacklogReport>(api.GET('/api/v1/reports/backlog', { params: { query: query(null, org) }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useSlaReport(p: Period, org: Scope) {
  return useQuery({
    queryKey: dashboardKeys.period('sla', p, org),
    queryFn: ({ signal }) => json<SlaReport>(api.GET('/api/v1/reports/sla', { params: { query: { from: p.from, to: p.to, ...query(null, org) } }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useBillingReport(p: Period, org: Scope) {
  return useQuery({
    queryKey: dashboardKeys.period('billing', p, org),
    queryFn: ({ signal }) => json<BillingSummaryReport>(api.GET('/api/v1/reports/billing', { params: { query: { from: p.from, to: p.to, ...query(null, org) } }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useTicketsReport(p: Period, org: Scope) {
  return useQuery({
    queryKey: dashboardKeys.period('tickets', p, org),
    queryFn: ({ signal }) => json<TicketsReport>(api.GET('/api/v1/reports/tickets', { params: { query: { from: p.from, to: p.to, ...query(null, org) } }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useFirstResponseReport(p: Period, org: Scope) {
  return useQuery({
    queryKey: dashboardKeys.period('first-response', p, org),
    queryFn: ({ signal }) =>
      json<FirstResponseReport>(api.GET('/api/v1/reports/first-response', { params: { query: { from: p.from, to: p.to, ...query(null, org) } }, signal })),
    placeholderData: keepPreviousData,
  });
}

/**
 * One report as the API's CSV (the Bearer header is needed, so fetch + blob, never a bare
 * link), with the file name the API gives it.
 */
export async function fetchReportCsv(
  name: ReportName,
  p: Period,
  org: Scope,
  delimiter: 'comma' | 'semicolon',
): Promise<{ blob: Blob; filename: string }> {
  const headers = { Accept: 'text/csv' };
  const q = { ...query(name === 'backlog' ? null : p, org), delimiter };
  const call =
    name === 'backlog'
      ? api.GET('/api/v1/reports/backlog', { params: { query: q }, headers, parseAs: 'blob' })
      : name === 'sla'
        ? api.GET('/api/v1/reports/sla', { params: { query: { from: p.from, to: p.to, ...q } }, headers, parseAs: 'blob' })
        : name === 'billing'
          ? api.GET('/api/v1/reports/billing', { params: { query: { from: p.from, to: p.to, ...q } }, headers, parseAs: 'blob' })
          : name === 'tickets'
            ? api.GET('/api/v1/reports/tickets', { params: { query: { from: p.from, to: p.to, ...q } }, headers, parseAs: 'blob' })
            : api.GET('/api/v1/reports/first-response', { params: { query: { from: p.from, to: p.to, ...q } }, headers, parseAs: 'blob' });
  let result: { data?: unknown; error?: unknown; response: Response };
  try {
    result = await call;
  } catch {
    throw new ApiProblem({ status: 0, code: 'network', title: 'Network error', detail: '' });
  }
  if (!result.response.ok) throw toApiProblem(result.error, result.response);
  const fallback = `loket-${name}${name === 'backlog' ? '' : `-${p.from}-${p.to}`}.csv`;
  return { blob: result.data as Blob, filename: filenameFrom(result.response, fallback) };
}
