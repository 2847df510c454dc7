import type { Schema } from '../../api/types';
import type { Lang } from '../../i18n';
import { brusselsDate, TIME_ZONE } from '../../i18n/format';

export type WeeklyHours = Schema<'WeeklyHours'>;
export type ClosedPeriod = Schema<'ClosedPeriodView'>;
export type Weekday = keyof WeeklyHours;

/** Monday first, as a Belgian week. */
export const WEEKDAYS: readonly Weekday[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

const locale = (lang: Lang) => (lang === 'nl' ? 'nl-BE' : 'en-GB');

/** "Monday" / "maandag": 2024-01-01 was a Monday, so day i of that week is weekday i. */
export function weekdayName(day: Weekday, lang: Lang): string {
  const i = WEEKDAYS.indexOf(day);
  const d = new Date(Date.UTC(2024, 0, 1 + i, 12));
  return new Intl.DateTimeFormat(locale(lang), { weekday: 'long', timeZone: 'UTC' }).format(d);
}

export interface WeekRow {
  day: Weekday;
  name: string;
  /** "09:00–12:00" per opening; empty when closed all day. */
  intervals: string[];
  closed: boolean;
}

/** "9:00" → "09:00"; "24:00" stays. */
export function normalizeTime(t: string): string {
  const [h = '0', m = '00'] = t.split(':');
  return `${h.padStart(2, '0')}:${m.padStart(2, '0')}`;
}

/** The weekly hours as seven rows, Monday to Sunday, in the UI language. */
export function buildWeekTable(hours: WeeklyHours, lang: Lang): WeekRow[] {
  return WEEKDAYS.map((day) => {
    const list = hours[day] ?? [];
    const intervals = list.map((iv) => `${normalizeTime(iv.start)}–${normalizeTime(iv.end)}`);
    return { day, name: weekdayName(day, lang), intervals, closed: intervals.length === 0 };
  });
}


/** The Brussels weekday of an instant. */
export function brusselsWeekday(now: Date = new Date()): Weekday {
  const name = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, weekday: 'long' }).format(now).toLowerCase();
  return (WEEKDAYS as readonly string[]).includes(name) ? (name as Weekday) : 'monday';
}

/**
 * The closed periods of this year and the next that have not ended yet (last day today or
 * later), by first day, each once (a Christmas closure is listed in both years it spans).
 */
export function upcomingClosures(lists: ReadonlyArray<readonly ClosedPeriod[]>, today: string): ClosedPeriod[] {
  const seen = new Set<string>();
  const out: ClosedPeriod[] = [];
  for (const list of lists) {
    for (const c of list) {
      if (c.last_day < today) continue;
      const key = `${c.kind}|${c.first_day}|${c.last_day}|${c.closure_id ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(c);
    }
  }
  return out.sort((a, b) => a.first_day.localeCompare(b.first_day) || a.last_day.localeCompare(b.last_day));
}

/** Whole days from first to last, both included. */
export function dayCount(first: string, last: string): number {
  const a = Date.parse(`${first}T12:00:00Z`);
  const b = Date.parse(`${last}T12:00:00Z`);
  return Math.round((b - a) / 86_400_000) + 1;
}

export type ScheduleCode = 'interventions' | 'phone';

export interface MergedClosure extends ClosedPeriod {
  /** The schedules closed on these days. */
  schedules: ScheduleCode[];
}

/**
 * The closures of several schedules (each: the lists of this year and the next), from today
 * on, merged: one entry per period, with the schedules it closes.
 */
export function mergeClosures(bySchedule: Partial<Record<ScheduleCode, ReadonlyArray<readonly ClosedPeriod[]>>>, today: string): MergedClosure[] {
  const byKey = new Map<string, MergedClosure>();
  for (const code of ['interventions', 'phone'] as const) {
    const lists = bySchedule[code];
    if (!lists) continue;
    for (const c of upcomingClosures(lists, today)) {
      const key = `${c.kind}|${c.first_day}|${c.last_day}|${c.name.en}`;
      const found = byKey.get(key);
      if (found) {
        if (!found.schedules.includes(code)) found.schedules.push(code);
      } else {
        byKey.set(key, { ...c, schedules: [code] });
      }
    }
  }
  return [...byKey.values()].sort((a, b) => a.first_day.localeCompare(b.first_day) || a.last_day.localeCompare(b.last_day));
}

export type When = { day: 'today' | 'tomorrow' | 'other'; time: string };

/** Whether an instant falls today or tomorrow in Brussels (for "today at 13:00"). */
export function relativeDay(instant: string | Date, now: Date = new Date()): When['day'] {
  const d = typeof instant === 'string' ? new Date(instant) : instant;
  const today = brusselsDate(now);
  const that = brusselsDate(d);
  if (that === today) return 'today';
  const [y, m, day] = today.split('-').map(Number) as [number, number, number];
  const tomorrow = new Date(Date.UTC(y, m - 1, day + 1)).toISOString().slice(0, 10);
  return that === tomorrow ? 'tomorrow' : 'other';
}

/** A sentence from the API ("closed since 12:00") as shown: capital first letter, full stop. */
export function sentence(text: string): string {
  const t = text.trim();
  if (!t) return t;
  const first = t.charAt(0).toLocaleUpperCase();
  const rest = t.slice(1);
  return /[.!?]$/.test(t) ? first + rest : `${first}${rest}.`;
}
