/**
 * Query keys of the tickets feature, built in one place so mutations (and, later, live
 * updates) invalidate exactly what changed. Everything of one ticket sits under
 * `ticketKeys.ticket(ref)`.
 */
export interface TicketListParams {
  status: 'open' | 'closed' | 'all';
  q: string;
}

export const ticketKeys = {
  all: ['tickets'] as const,
  lists: () => [...ticketKeys.all, 'list'] as const,
  list: (p: TicketListParams) => [...ticketKeys.lists(), p] as const,
  ticket: (ref: string) => [...ticketKeys.all, 'ticket', ref] as const,
  detail: (ref: string) => [...ticketKeys.ticket(ref), 'detail'] as const,
  comments: (ref: string) => [...ticketKeys.ticket(ref), 'comments'] as const,
  attachments: (ref: string) => [...ticketKeys.ticket(ref), 'attachments'] as const,
  orgCoverage: (orgId: string) => ['organizations', orgId, 'coverage'] as const,
  organization: (orgId: string) => ['organizations', orgId, 'detail'] as const,
};
