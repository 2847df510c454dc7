import type { Tone } from '../../components/Badge';
import type { Kind, Priority, Status } from './filters';

/** Badge colours of the queue; the words always come with them. */
export const STATUS_TONE: Record<Status, Tone> = {
  new: 'info',
  open: 'info',
  pending_customer: 'warning',
  scheduled: 'info',
  resolved: 'success',
  closed: 'neutral',
};
export const KIND_TONE: Record<Kind, Tone> = { support: 'neutral', issue: 'danger', change_request: 'info' };
export const PRIORITY_TONE: Record<Priority, Tone> = { critical: 'danger', high: 'warning', medium: 'neutral', low: 'neutral' };
