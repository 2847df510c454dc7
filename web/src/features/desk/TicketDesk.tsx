import type { ReactNode } from 'react';
import type { Schema } from '../../api/types';

export type TicketDetail = Schema<'TicketDetail'>;

/**
 * The staff ticket page (thread with internal notes, history, assignment, status, triage).
 * `panels` renders the booking and time panels of other features beside it (composed in
 * app/ConsoleTicketPage.tsx, since a feature never imports another).
 */
export function TicketDesk({ panels }: { panels: (ticket: TicketDetail) => ReactNode }) {
  void panels;
  return <h1>Ticket</h1>;
}
