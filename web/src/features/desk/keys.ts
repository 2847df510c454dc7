import { ticketKey } from '../../api/keys';

/**
 * Query keys of the staff desk. Everything about one ticket sits under `ticketKey(ref)`, so a
 * live event on the ticket refetches all of it; the detail key is the one the customer's page
 * uses too (same data, one cache entry).
 */
export const deskKeys = {
  detail: (ref: string) => [...ticketKey(ref), 'detail'] as const,
  comments: (ref: string) => [...ticketKey(ref), 'comments'] as const,
  attachments: (ref: string) => [...ticketKey(ref), 'attachments'] as const,
  events: (ref: string) => [...ticketKey(ref), 'events'] as const,
  sla: (ref: string) => [...ticketKey(ref), 'sla'] as const,
  staff: () => ['users', 'staff'] as const,
  orgUsers: (orgId: string) => ['users', 'organization', orgId] as const,
  organization: (orgId: string) => ['organizations', orgId, 'detail'] as const,
  priorityMatrix: () => ['priority-matrix'] as const,
  coverageTable: () => ['billing', 'coverage-table'] as const,
};
