import type { Impact, MatrixCell, Priority, TicketDetail, Urgency } from './api';

export const IMPACTS: readonly Impact[] = ['low', 'medium', 'high', 'critical'];
export const URGENCIES: readonly Urgency[] = ['low', 'medium', 'high', 'critical'];

/** What the matrix says for an impact and urgency; an unset impact counts as medium, as in the API. */
export function matrixPriority(cells: readonly MatrixCell[], impact: Impact | null | undefined, urgency: Urgency): Priority | undefined {
  const row = impact ?? 'medium';
  return cells.find((c) => c.impact === row && c.urgency === urgency)?.priority;
}

export interface PriorityPreview {
  /** The priority the ticket would be worked at after saving. */
  priority: Priority;
  /** What the matrix says for the draft (the same as `priority` unless staff overrode it). */
  matrix: Priority | undefined;
  overridden: boolean;
}

/**
 * The priority a ticket gets when its impact and urgency become `draft`: the matrix's, unless
 * staff set the priority by hand — the API keeps an override until it is lifted.
 */
export function previewPriority(
  ticket: Pick<TicketDetail, 'priority' | 'priority_overridden'>,
  cells: readonly MatrixCell[],
  draft: { impact: Impact | null | undefined; urgency: Urgency },
): PriorityPreview {
  const matrix = matrixPriority(cells, draft.impact, draft.urgency);
  if (ticket.priority_overridden) return { priority: ticket.priority, matrix, overridden: true };
  return { priority: matrix ?? ticket.priority, matrix, overridden: false };
}
