import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { Schema } from '../../api/types';
import { ticketKeys, type TicketListParams } from './keys';
export { downloadIcs, useCoverageTable, useTicketAppointments } from '../../api/queries';

export type Ticket = Schema<'Ticket'>;
export type TicketListItem = Schema<'TicketListItem'>;
export type TicketDetail = Schema<'TicketDetail'>;
export type Comment = Schema<'Comment'>;
export type { Attachment } from '../../components/attachments';
export type Appointment = Schema<'Appointment'>;
export type CoverageRow = Schema<'CoverageRow'>;
export type Urgency = Schema<'Urgency'>;

export const OPEN_STATUSES = 'new,open,pending_customer,scheduled';
export const CLOSED_STATUSES = 'resolved,closed';
export const PAGE_SIZE = 25;
/** YYYY-NNNNNN, as the API gives references. */
export const REFERENCE_PATTERN = /^\d{4}-\d{6}$/;

export function useTicketList(p: TicketListParams) {
  return useInfiniteQuery({
    queryKey: ticketKeys.list(p),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/v1/tickets', {
          params: {
            query: {
              limit: PAGE_SIZE,
              ...(p.status === 'open' ? { status: OPEN_STATUSES } : p.status === 'closed' ? { status: CLOSED_STATUSES } : {}),
              ...(p.q.trim() ? { q: p.q.trim() } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
          signal,
        }),
      ),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function fetchTicket(reference: string, signal?: AbortSignal) {
  return unwrap(api.GET('/api/v1/tickets/{reference}', { params: { path: { reference } }, signal }));
}

export function useTicket(reference: string) {
  return useQuery({ queryKey: ticketKeys.detail(reference), queryFn: ({ signal }) => fetchTicket(reference, signal) });
}

export function useComments(reference: string, enabled = true) {
  return useQuery({
    queryKey: ticketKeys.comments(reference),
    enabled,
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/tickets/{reference}/comments', { params: { path: { reference } }, signal })),
  });
}

export function useAttachments(reference: string, enabled = true) {
  return useQuery({
    queryKey: ticketKeys.attachments(reference),
    enabled,
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/tickets/{reference}/attachments', { params: { path: { reference } }, signal })),
  });
}

/** Whether the organisation has a valid maintenance contract today. */
export function useOrgCoverage(orgId: string | null | undefined) {
  return useQuery({
    queryKey: ticketKeys.orgCoverage(orgId ?? ''),
    enabled: !!orgId,
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/organizations/{id}/coverage', { params: { path: { id: orgId ?? '' } }, signal })),
  });
}

export function createTicket(body: Schema<'CreateTicketRequest'>) {
  return unwrap(api.POST('/api/v1/tickets', { body }));
}

/** Adds a public reply; the answer carries the ticket as it is now and the new comment (for its files). */
export function addComment(reference: string, body: string) {
  return unwrap(api.POST('/api/v1/tickets/{reference}/comments', { params: { path: { reference } }, body: { body } }));
}

export function updateUrgency(reference: string, urgency: Urgency) {
  return unwrap(api.PATCH('/api/v1/tickets/{reference}', { params: { path: { reference } }, body: { urgency } }));
}

export function acceptAppointment(id: string) {
  return unwrap(api.POST('/api/v1/appointments/{id}/accept', { params: { path: { id } } }));
}

export function requestMove(id: string, note: string) {
  return unwrap(api.POST('/api/v1/appointments/{id}/request-move', { params: { path: { id } }, body: { note } }));
}

/** The caller's organisation (its name), where the caller may read it. */
export function useOrganization(orgId: string | null | undefined) {
  return useQuery({
    queryKey: ticketKeys.organization(orgId ?? ''),
    enabled: !!orgId,
    staleTime: 10 * 60_000,
    retry: false,
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/organizations/{id}', { params: { path: { id: orgId ?? '' } }, signal })),
  });
}
