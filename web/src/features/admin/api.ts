import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { session } from '../../api/session';
import type { Schema } from '../../api/types';
import { sharedKeys } from '../../api/queries';
import { adminKeys } from './keys';

export { useCoverageTable } from '../../api/queries';

export type Organization = Schema<'Organization'>;
export type User = Schema<'User'>;
export type Role = Schema<'Role'>;
export type Contract = Schema<'Contract'>;
export type BillingSettings = Schema<'BillingSettings'>;
export type ScheduleView = Schema<'ScheduleView'>;
export type SlaPolicy = Schema<'SlaPolicy'>;
export type Priority = Schema<'Priority'>;

const PAGE = 25;

/** Organisations by name, a page at a time (cursor paging), optionally searched. */
export function useOrganizations(q: string) {
  return useInfiniteQuery({
    queryKey: adminKeys.organizations(q),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/v1/organizations', {
          params: { query: { limit: PAGE, ...(q ? { q } : {}), ...(pageParam ? { cursor: pageParam } : {}) } },
          signal,
        }),
      ),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useOrganization(id: string) {
  return useQuery({
    queryKey: adminKeys.organization(id),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/organizations/{id}', { params: { path: { id } }, signal })),
  });
}

export function useOrgCoverage(id: string) {
  return useQuery({
    queryKey: adminKeys.orgCoverage(id),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/organizations/{id}/coverage', { params: { path: { id } }, signal })),
  });
}

export function useCreateOrganization() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Schema<'CreateOrganizationRequest'>) => unwrap(api.POST('/api/v1/organizations', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.organizationsAll() }),
  });
}

export function useUpdateOrganization(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Schema<'UpdateOrganizationRequest'>) =>
      unwrap(api.PATCH('/api/v1/organizations/{id}', { params: { path: { id } }, body })),
    onSuccess: (org) => {
      qc.setQueryData(adminKeys.organization(id), org);
      return qc.invalidateQueries({ queryKey: adminKeys.organizationsAll() });
    },
  });
}

export function useDeleteOrganization(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/organizations/{id}', { params: { path: { id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.organizationsAll() }),
  });
}

/** Users (by e-mail), a page at a time: all, or one organisation's. */
export function useUsers(f: { organization?: string | undefined; q: string; role?: Role | undefined }) {
  return useInfiniteQuery({
    queryKey: adminKeys.users(f),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/v1/users', {
          params: {
            query: {
              limit: PAGE,
              ...(f.organization ? { organization: f.organization } : {}),
              ...(f.role ? { role: f.role } : {}),
              ...(f.q ? { q: f.q } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
          signal,
        }),
      ),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useInviteUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Schema<'CreateUserRequest'>) => unwrap(api.POST('/api/v1/users', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.usersAll() }),
  });
}

export function useUpdateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: Schema<'UpdateUserRequest'> }) =>
      unwrap(api.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body })),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: adminKeys.usersAll() });
      await qc.invalidateQueries({ queryKey: sharedKeys.staff() });
    },
  });
}

/**
 * Accepts an invitation and logs in for the browser, as the login page does: the refresh
 * token comes back as the HttpOnly cookie, the access token stays in memory.
 */
export async function acceptInvitation(body: { invitation_token: string; password: string }) {
  const pair = await unwrap(api.POST('/api/v1/auth/accept-invitation', { body: { ...body, refresh_cookie: true } }));
  session.start(pair);
  return pair.user;
}

/** Every contract of an organisation (all pages). */
export function useContracts(orgId: string) {
  return useQuery({
    queryKey: adminKeys.contracts(orgId),
    queryFn: async ({ signal }) => {
      const all: Contract[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 20; i++) {
        const page = await unwrap(
          api.GET('/api/v1/contracts', { params: { query: { organization: orgId, limit: 200, ...(cursor ? { cursor } : {}) } }, signal }),
        );
        all.push(...page.items);
        if (!page.next_cursor) break;
        cursor = page.next_cursor;
      }
      return all;
    },
  });
}

function useContractInvalidation(orgId: string) {
  const qc = useQueryClient();
  return async () => {
    await qc.invalidateQueries({ queryKey: adminKeys.contractsAll() });
    await qc.invalidateQueries({ queryKey: adminKeys.orgCoverage(orgId) });
  };
}

export function useCreateContract(orgId: string) {
  const done = useContractInvalidation(orgId);
  return useMutation({
    mutationFn: (body: Schema<'CreateContractRequest'>) => unwrap(api.POST('/api/v1/contracts', { body })),
    onSuccess: done,
  });
}

export function useUpdateContract(orgId: string) {
  const done = useContractInvalidation(orgId);
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: Schema<'UpdateContractRequest'> }) =>
      unwrap(api.PATCH('/api/v1/contracts/{id}', { params: { path: { id } }, body })),
    onSuccess: done,
  });
}

export function useDeleteContract(orgId: string) {
  const done = useContractInvalidation(orgId);
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/contracts/{id}', { params: { path: { id } } })),
    onSuccess: done,
  });
}

/** Saves the coverage table's changes, one PATCH per changed subject, in order. */
export function useSaveCoverage() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (changes: { code: string; patch: Schema<'UpdateCoverageRequest'> }[]) => {
      for (const c of changes) {
        await unwrap(api.PATCH('/api/v1/billing/coverage/{code}', { params: { path: { code: c.code } }, body: c.patch }));
      }
    },
    onSettled: () => qc.invalidateQueries({ queryKey: adminKeys.coverageTable() }),
  });
}

export function useAddSubject() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Schema<'CreateCoverageRequest'>) => unwrap(api.POST('/api/v1/billing/coverage', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.coverageTable() }),
  });
}

export function useBillingSettings() {
  return useQuery({
    queryKey: adminKeys.billingSettings(),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/billing/settings', { signal })),
  });
}

export function useSaveBillingSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: BillingSettings) => unwrap(api.PUT('/api/v1/billing/settings', { body })),
    onSuccess: (s) => qc.setQueryData(adminKeys.billingSettings(), s),
  });
}

export function useSchedules() {
  return useQuery({
    queryKey: adminKeys.schedules(),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/schedules', { signal })),
  });
}

export function useSaveSchedule(code: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Schema<'UpdateScheduleRequest'>) =>
      unwrap(api.PUT('/api/v1/schedules/{code}', { params: { path: { code } }, body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.schedules() }),
  });
}

export function useClosures(code: string, year: number) {
  return useQuery({
    queryKey: adminKeys.closures(code, year),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/schedules/{code}/closures', { params: { path: { code }, query: { year } }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useAddClosure(code: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Schema<'CreateClosureRequest'>) =>
      unwrap(api.POST('/api/v1/schedules/{code}/closures', { params: { path: { code } }, body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.schedule(code) }),
  });
}

export function useRemoveClosure(code: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/schedules/{code}/closures/{id}', { params: { path: { code, id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.schedule(code) }),
  });
}

export function useSlaPolicies() {
  return useQuery({
    queryKey: adminKeys.slaPolicies(),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/sla/policies', { signal })),
  });
}

export function useSaveSlaPolicies() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Schema<'PoliciesRequest'>) => unwrap(api.PUT('/api/v1/sla/policies', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.slaPolicies() }),
  });
}
