/**
 * The query-key convention every feature follows for ticket data, so that one live event
 * (see `live.ts`) invalidates exactly what it changed:
 *
 * - everything about one ticket sits under `ticketKey(reference)` = `['tickets', 'ticket', ref]`
 *   (its detail, comments, attachments, history, appointments, interventions, SLA, …);
 * - every list of tickets (the customer's list, the agent queue) sits under
 *   `['tickets', <anything but 'ticket'>, …]`.
 */
export const TICKETS = 'tickets' as const;

export function ticketKey(reference: string) {
  return [TICKETS, 'ticket', reference] as const;
}

/** True for a query key of a list of tickets (not one ticket's data). */
export function isTicketListKey(key: readonly unknown[]): boolean {
  return key[0] === TICKETS && key[1] !== 'ticket';
}
