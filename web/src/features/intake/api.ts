import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { Schema } from '../../api/types';
import type { Lang } from '../../i18n';
import { intakeKeys } from './keys';

export type User = Schema<'User'>;

const CUSTOMER_ROLES: ReadonlySet<User['role']> = new Set(['customer', 'customer_admin']);
const SUGGESTIONS = 8;

/** Active customers whose name or e-mail address contains `q` (staff match too, and are left out). */
export function useCustomerSearch(q: string) {
  return useQuery({
    queryKey: intakeKeys.customers(q),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
    queryFn: async ({ signal }) => {
      const page = await unwrap(api.GET('/api/v1/users', { params: { query: { q, active: true, limit: 25 } }, signal }));
      return page.items.filter((u) => CUSTOMER_ROLES.has(u.role)).slice(0, SUGGESTIONS);
    },
  });
}

/** The active users of an organisation, to pick who called. */
export function useMembers(orgId: string | null) {
  return useQuery({
    queryKey: intakeKeys.members(orgId ?? ''),
    enabled: !!orgId,
    queryFn: async ({ signal }) => {
      const page = await unwrap(
        api.GET('/api/v1/users', { params: { query: { organization: orgId ?? '', active: true, limit: 200 } }, signal }),
      );
      return [...page.items].sort((a, b) => a.display_name.localeCompare(b.display_name));
    },
  });
}

/** The phone schedule (the one with code `phone`) and whether it is open now, refreshed every minute. */
export function usePhoneLine(lang: Lang) {
  const schedules = useQuery({
    queryKey: intakeKeys.schedules(),
    staleTime: 10 * 60_000,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/schedules', { signal })),
  });
  const phone = schedules.data?.items.find((s) => s.code === 'phone');
  const status = useQuery({
    queryKey: intakeKeys.status(phone?.code ?? '', lang),
    enabled: !!phone,
    staleTime: 30_000,
    refetchInterval: 60_000,
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/schedules/{code}/status', { params: { path: { code: phone?.code ?? '' } }, signal })),
  });
  return { schedules, phone, status };
}

export function usePriorityMatrix() {
  return useQuery({
    queryKey: intakeKeys.matrix(),
    staleTime: 10 * 60_000,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/priority-matrix', { signal })),
  });
}

export function createPhoneTicket(body: Schema<'CreateTicketRequest'>) {
  return unwrap(api.POST('/api/v1/tickets', { body }));
}
