import type { Schema } from '../../api/types';

/** Record time on a ticket with its live classification (staff). Placeholder. */
export function TimePanel({ ticket }: { ticket: Schema<'TicketDetail'> }) {
  void ticket;
  return null;
}
