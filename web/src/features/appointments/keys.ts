import type { Lang } from '../../i18n';

/**
 * Query keys of the booking panel. A ticket's appointments are a shared query
 * (api/queries.ts) under the ticket's key, so a live `appointment.*` event (and a booking
 * here) refreshes them with the rest of the ticket.
 */
export const bookingKeys = {
  // The closed days' reasons come in the UI language: it is part of the key.
  days: (from: string, to: string, lang: Lang) => ['schedules', 'interventions', 'days', from, to, lang] as const,
  slotsAll: () => ['schedules', 'interventions', 'slots'] as const,
  slots: (agent: string, minutes: number, from: string, to: string) =>
    [...bookingKeys.slotsAll(), agent, minutes, from, to] as const,
};
