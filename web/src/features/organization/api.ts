import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { session } from '../../api/session';
import type { Schema } from '../../api/types';
import type { Lang } from '../../i18n';
import type { Period } from './period';
export { useCoverageTable } from '../../api/queries';

export type Contract = Schema<'Contract'>;
export type CoverageRow = Schema<'CoverageRow'>;
export type BillingReport = Schema<'BillingReport'>;
export type ReportLine = Schema<'ReportLineView'>;

/** Query keys of the organisation pages (the same shapes the other features use for the same data). */
export const orgKeys = {
  organization: (orgId: string) => ['organizations', orgId, 'detail'] as const,
  coverage: (orgId: string) => ['organizations', orgId, 'coverage'] as const,
  contracts: (orgId: string) => ['contracts', { organization: orgId }] as const,
  coverageTable: () => ['billing', 'coverage-table'] as const,
  // The lines' explanations come in the UI language: the language is part of the key.
  report: (orgId: string, p: Period, lang: Lang) => ['billing', 'report', orgId, p.from, p.to, lang] as const,
};

export function useOrganization(orgId: string) {
  return useQuery({
    queryKey: orgKeys.organization(orgId),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/organizations/{id}', { params: { path: { id: orgId } }, signal })),
    staleTime: 5 * 60_000,
  });
}

/** Whether the organisation has a valid contract today (in Belgium). */
export function useOrgCoverage(orgId: string) {
  return useQuery({
    queryKey: orgKeys.coverage(orgId),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/organizations/{id}/coverage', { params: { path: { id: orgId } }, signal })),
  });
}

/** Every contract of the organisation (all pages). */
export function useContracts(orgId: string) {
  return useQuery({
    queryKey: orgKeys.contracts(orgId),
    queryFn: async ({ signal }) => {
      const all: Contract[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 20; i++) {
        const page = await unwrap(
          api.GET('/api/v1/contracts', {
            params: { query: { organization: orgId, limit: 200, ...(cursor ? { cursor } : {}) } },
            signal,
          }),
        );
        all.push(...page.items);
        if (!page.next_cursor) break;
        cursor = page.next_cursor;
      }
      return all;
    },
  });
}

export function useBillingReport(orgId: string, p: Period, lang: Lang, enabled = true) {
  return useQuery({
    queryKey: orgKeys.report(orgId, p, lang),
    enabled,
    queryFn: async ({ signal }): Promise<BillingReport> => {
      const r = await unwrap(
        api.GET('/api/v1/billing/report', {
          params: { query: { organization: orgId, from: p.from, to: p.to } },
          headers: { Accept: 'application/json' },
          signal,
        }),
      );
      // The endpoint also speaks CSV; asked for JSON, it answers JSON.
      if (typeof r === 'string') throw new Error('billing report: CSV where JSON was asked for');
      return r;
    },
    placeholderData: keepPreviousData,
  });
}

/**
 * The report as CSV (GET /billing/report.csv with the Bearer header; a plain link cannot send
 * it). Returns the file's content as a Blob.
 */
export async function fetchReportCsv(orgId: string, p: Period, delimiter: 'comma' | 'semicolon'): Promise<Blob> {
  const call = api.GET('/api/v1/billing/report.csv', {
    params: { query: { organization: orgId, from: p.from, to: p.to, delimiter } },
    parseAs: 'blob',
  });
  const data = await unwrap<Blob>(call as Promise<{ data?: Blob; error?: unknown; response: Response }>);
  return data;
}

/** The logged-in customer's organisation id. */
export function currentOrgId(): string | null {
  return session.user()?.organization_id ?? null;
}
