import type { Schema } from '../../api/types';

/** Book, move and cancel interventions on a ticket (staff). Placeholder. */
export function BookingPanel({ ticket }: { ticket: Schema<'TicketDetail'> }) {
  void ticket;
  return null;
}
