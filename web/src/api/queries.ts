import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { api, filenameFrom, saveBlob, unwrap } from './client';
import { ticketKey } from './keys';
import type { Schema } from './types';

/**
 * Reads that several features make (the staff list, the coverage table, a ticket's
 * appointments, an appointment's .ics): one query each, so every feature shares one cache
 * entry and one live-update key.
 */
export const sharedKeys = {
  staff: () => ['staff'] as const,
  coverageTable: () => ['billing', 'coverage-table'] as const,
  appointments: (reference: string) => [...ticketKey(reference), 'appointments'] as const,
  organizationSearch: (q: string, limit: number) => ['organizations', 'search', q, limit] as const,
  organization: (id: string) => ['organizations', id, 'detail'] as const,
};

export type Organization = Schema<'Organization'>;

/** Organisations whose name contains `q` (nothing is asked while `q` is empty). */
export function useOrganizationSearch(q: string, limit = 8) {
  return useQuery({
    queryKey: sharedKeys.organizationSearch(q, limit),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
    queryFn: async ({ signal }) => (await unwrap(api.GET('/api/v1/organizations', { params: { query: { q, limit } }, signal }))).items,
  });
}

/** The names of these organisations (each looked up once, then cached). */
export function useOrganizationNames(ids: readonly string[]): Map<string, string> {
  const results = useQueries({
    queries: ids.map((id) => ({
      queryKey: sharedKeys.organization(id),
      staleTime: 10 * 60_000,
      queryFn: ({ signal }: { signal: AbortSignal }) => unwrap(api.GET('/api/v1/organizations/{id}', { params: { path: { id } }, signal })),
    })),
  });
  const names = new Map<string, string>();
  for (const r of results) if (r.data) names.set(r.data.id, r.data.name);
  return names;
}

/** The active agents and admins (who tickets are assigned to, who intervenes), by name. */
export function useStaff() {
  return useQuery({
    queryKey: sharedKeys.staff(),
    staleTime: 10 * 60_000,
    queryFn: async ({ signal }) => {
      const page = (role: 'agent' | 'admin') =>
        unwrap(api.GET('/api/v1/users', { params: { query: { role, active: true, limit: 200 } }, signal }));
      const [agents, admins] = await Promise.all([page('agent'), page('admin')]);
      return [...agents.items, ...admins.items].sort((a, b) => a.display_name.localeCompare(b.display_name));
    },
  });
}

/** The coverage table: the subjects, their names in nl and en, and which side of the contract they are on. */
export function useCoverageTable() {
  return useQuery({
    queryKey: sharedKeys.coverageTable(),
    staleTime: 10 * 60_000,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/billing/coverage', { signal })),
  });
}

/** A ticket's appointments. */
export function useTicketAppointments(reference: string, enabled = true) {
  return useQuery({
    queryKey: sharedKeys.appointments(reference),
    enabled,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/appointments', { params: { query: { ticket: reference } }, signal })),
  });
}

/** Saves an appointment as an iCalendar file. */
export async function downloadIcs(appt: Schema<'Appointment'>) {
  const { data, error, response } = await api.GET('/api/v1/appointments/{id}.ics', {
    params: { path: { id: appt.id } },
    parseAs: 'blob',
  });
  if (!response.ok || !data) throw await unwrap(Promise.resolve({ data, error, response })).catch((e: unknown) => e);
  saveBlob(data as Blob, filenameFrom(response, `loket-${appt.ticket_reference}.ics`));
}
