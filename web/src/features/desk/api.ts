import { useQuery, useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { TICKETS, isTicketListKey, ticketKey } from '../../api/keys';
import type { Schema } from '../../api/types';
import { useLang } from '../../i18n/useLang';
import { deskKeys } from './keys';
export { useCoverageTable, useStaff } from '../../api/queries';

export type TicketDetail = Schema<'TicketDetail'>;
export type TriageDecision = Schema<'TriageDecisionView'>;
export type Comment = Schema<'Comment'>;
export type TicketEvent = Schema<'TicketEventView'>;
export type TicketSla = Schema<'TicketSla'>;
export type User = Schema<'User'>;
export type Kind = Schema<'Kind'>;
export type Status = Schema<'TicketStatus'>;
export type Impact = Schema<'Impact'>;
export type Urgency = Schema<'Urgency'>;
export type Priority = Schema<'Priority'>;
export type Channel = Schema<'Channel'>;
export type MatrixCell = Schema<'PriorityMatrixCell'>;
export type TicketUpdate = Schema<'UpdateTicketRequest'>;


/**
 * After a language switch the old language's data of the same ticket stays on screen until the
 * new one is in: the page never falls back to its loading state (which would drop the
 * composer's text). Another ticket's data is never shown in its place.
 */
function sameTicket<T>(reference: string) {
  return (previous: T | undefined, query: { queryKey: QueryKey } | undefined) => (query?.queryKey[2] === reference ? previous : undefined);
}

export function useDeskTicket(reference: string) {
  const lang = useLang();
  return useQuery<TicketDetail>({
    queryKey: deskKeys.detail(reference, lang),
    placeholderData: sameTicket(reference),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/tickets/{reference}', { params: { path: { reference } }, signal })),
  });
}

export function useComments(reference: string) {
  return useQuery({
    queryKey: deskKeys.comments(reference),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/tickets/{reference}/comments', { params: { path: { reference } }, signal })),
  });
}

export function useAttachments(reference: string) {
  return useQuery({
    queryKey: deskKeys.attachments(reference),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/tickets/{reference}/attachments', { params: { path: { reference } }, signal })),
  });
}

export function useEvents(reference: string) {
  const lang = useLang();
  return useQuery<TicketEvent[]>({
    queryKey: deskKeys.events(reference, lang),
    placeholderData: sameTicket(reference),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/tickets/{reference}/events', { params: { path: { reference } }, signal })),
  });
}

export function useSla(reference: string) {
  const lang = useLang();
  return useQuery<TicketSla>({
    queryKey: deskKeys.sla(reference, lang),
    placeholderData: sameTicket(reference),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/tickets/{reference}/sla', { params: { path: { reference } }, signal })),
  });
}

export function usePriorityMatrix() {
  return useQuery({
    queryKey: deskKeys.priorityMatrix(),
    staleTime: 10 * 60_000,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/priority-matrix', { signal })),
  });
}

export function updateTicket(reference: string, body: TicketUpdate) {
  return unwrap(api.PATCH('/api/v1/tickets/{reference}', { params: { path: { reference } }, body }));
}

/** A public reply or an internal note; the answer carries the new comment (for its files). */
export function addComment(reference: string, body: string, internal: boolean) {
  return unwrap(
    api.POST('/api/v1/tickets/{reference}/comments', { params: { path: { reference } }, body: { body, internal } }),
  );
}

export function runTriage(reference: string) {
  return unwrap(api.POST('/api/v1/tickets/{reference}/triage', { params: { path: { reference } } }));
}

/** After a change: the ticket's own data and every list it appears in are stale. */
export function refreshTicket(queryClient: QueryClient, reference: string) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: ticketKey(reference) }),
    queryClient.invalidateQueries({ queryKey: [TICKETS], predicate: (q) => isTicketListKey(q.queryKey) }),
  ]);
}

export function useRefreshTicket(reference: string) {
  const queryClient = useQueryClient();
  return () => refreshTicket(queryClient, reference);
}

/** The triage rules, for their names in the history. */
export function useRules() {
  return useQuery({
    queryKey: ['triage', 'rules'] as const,
    staleTime: 5 * 60_000,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/triage/rules', { signal })),
  });
}
