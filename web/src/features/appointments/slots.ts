import type { Schema } from '../../api/types';
import { brusselsDate } from '../../i18n/format';

/** A free slot as the API gives it (RFC 3339 instants). */
export type Slot = Schema<'SlotView'>;
/** One day of a schedule (`GET /schedules/{code}/days`): open, or closed and why. */
export type ScheduleDay = Schema<'ScheduleDay'>;
type ClosedReason = Pick<Schema<'DayClosedReason'>, 'kind' | 'name'>;

/** How a day looks in the picker: bookable, or why not. */
export type PickerDay =
  | { date: string; state: 'free'; slots: Slot[] }
  | { date: string; state: 'full' }
  | { date: string; state: 'past' }
  | { date: string; state: 'closed'; reason: ClosedReason };

/** `date` plus `n` days (calendar days: noon UTC keeps daylight-saving changes out of it). */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The Monday of the week `date` falls in (weeks run Monday to Sunday in Belgium). */
export function mondayOf(date: string): string {
  const weekday = new Date(`${date}T12:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(date, -((weekday + 6) % 7));
}

/** The slots per Brussels day, each day's in time order. */
export function groupSlotsByDay(slots: readonly Slot[]): Map<string, Slot[]> {
  const byDay = new Map<string, Slot[]>();
  for (const s of [...slots].sort((a, b) => Date.parse(a.start) - Date.parse(b.start))) {
    const day = brusselsDate(s.start);
    const list = byDay.get(day);
    if (list) list.push(s);
    else byDay.set(day, [s]);
  }
  return byDay;
}

/**
 * The picker's days: a closed day keeps the schedule's reason, a day before today is past,
 * an open day offers the free slots that start after `now` (none left: fully booked).
 */
export function pickerDays(days: readonly ScheduleDay[], slots: readonly Slot[], now: Date): PickerDay[] {
  const today = brusselsDate(now);
  const byDay = groupSlotsByDay(slots.filter((s) => Date.parse(s.start) > now.getTime()));
  return days.map((d): PickerDay => {
    if (!d.open) return { date: d.date, state: 'closed', reason: d.closed_reason ?? { kind: 'no_opening_hours', name: '' } };
    if (d.date < today) return { date: d.date, state: 'past' };
    const free = byDay.get(d.date);
    return free?.length ? { date: d.date, state: 'free', slots: free } : { date: d.date, state: 'full' };
  });
}
