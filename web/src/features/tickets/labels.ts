import type { Tone } from '../../components/Badge';
import type { Schema } from '../../api/types';

type Status = Schema<'TicketStatus'>;
type Kind = Schema<'Kind'>;
type Priority = Schema<'Priority'>;
type AppointmentStatus = Schema<'AppointmentStatus'>;

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

export const APPOINTMENT_TONE: Record<AppointmentStatus, Tone> = {
  booked: 'info',
  accepted: 'success',
  move_requested: 'warning',
  cancelled: 'neutral',
};

export const URGENCIES: readonly Schema<'Urgency'>[] = ['low', 'medium', 'high', 'critical'];
