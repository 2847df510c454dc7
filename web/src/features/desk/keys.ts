import { ticketKey } from '../../api/keys';
import type { Lang } from '../../i18n';

/**
 * Query keys of the staff desk. Everything about one ticket sits under `ticketKey(ref)`, so a
 * live event on the ticket refetches all of it. What carries sentences the API writes in the
 * caller's language (the triage explanation on the detail, the history's, the SLA's) is keyed
 * by that language too, so switching it fetches them anew.
 */
export const deskKeys = {
  detail: (ref: string, lang: Lang) => [...ticketKey(ref), 'detail', lang] as const,
  comments: (ref: string) => [...ticketKey(ref), 'comments'] as const,
  attachments: (ref: string) => [...ticketKey(ref), 'attachments'] as const,
  events: (ref: string, lang: Lang) => [...ticketKey(ref), 'events', lang] as const,
  sla: (ref: string, lang: Lang) => [...ticketKey(ref), 'sla', lang] as const,
  priorityMatrix: () => ['priority-matrix'] as const,
};
