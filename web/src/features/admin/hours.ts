import type { Schema } from '../../api/types';

export type WeeklyHours = Schema<'WeeklyHours'>;
export type Interval = Schema<'HoursInterval'>;
export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The editor's state: every weekday with its intervals (possibly none). */
export type HoursForm = Record<Weekday, Interval[]>;

export function toForm(weekly: WeeklyHours): HoursForm {
  return Object.fromEntries(WEEKDAYS.map((d) => [d, (weekly[d] ?? []).map((i) => ({ start: normal(i.start), end: normal(i.end) }))])) as HoursForm;
}

/** The body's `weekly_hours`: each day's intervals in time order, closed days left out. */
export function toWeekly(form: HoursForm): WeeklyHours {
  const out: WeeklyHours = {};
  for (const d of WEEKDAYS) {
    const list = [...form[d]].sort((a, b) => minutes(a.start) - minutes(b.start));
    if (list.length) out[d] = list.map((i) => ({ start: normal(i.start), end: normal(i.end) }));
  }
  return out;
}

/** "9:00" → "09:00"; anything else unchanged. */
export function normal(t: string): string {
  const m = /^(\d{1,2}):(\d{2})$/.exec(t.trim());
  return m ? `${(m[1] ?? '').padStart(2, '0')}:${m[2] ?? ''}` : t.trim();
}

/** Minutes after midnight of `HH:MM` (24:00 is 1440), or NaN when it is not a time. */
export function minutes(t: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(t.trim());
  if (!m) return NaN;
  const h = Number(m[1]);
  const mm = Number(m[2]);
  if (mm > 59 || h > 24 || (h === 24 && mm > 0)) return NaN;
  return h * 60 + mm;
}

export type HoursProblem = 'invalid_time' | 'end_before_start' | 'overlap';

/**
 * The problems of a day's intervals as the editor shows them before sending, keyed by
 * `<index>.start` / `<index>.end` (the API checks the same and has the last word).
 */
export function checkDay(intervals: readonly Interval[]): Record<string, HoursProblem> {
  const problems: Record<string, HoursProblem> = {};
  intervals.forEach((i, idx) => {
    const s = minutes(i.start);
    const e = minutes(i.end);
    if (Number.isNaN(s) || s >= 1440) problems[`${idx}.start`] = 'invalid_time';
    if (Number.isNaN(e) || e === 0) problems[`${idx}.end`] = 'invalid_time';
    if (!(`${idx}.start` in problems) && !(`${idx}.end` in problems) && e <= s) problems[`${idx}.end`] = 'end_before_start';
  });
  const order = intervals
    .map((i, idx) => ({ idx, s: minutes(i.start), e: minutes(i.end) }))
    .filter((x) => !Number.isNaN(x.s) && !Number.isNaN(x.e) && x.e > x.s)
    .sort((a, b) => a.s - b.s);
  order.forEach((cur, k) => {
    const prev = order[k - 1];
    if (prev && cur.s < prev.e) problems[`${cur.idx}.start`] ??= 'overlap';
  });
  return problems;
}

/** Adds an interval after the day's last one: the afternoon after a morning, else a morning. */
export function addInterval(list: readonly Interval[]): Interval[] {
  const last = list[list.length - 1];
  if (!last) return [{ start: '08:30', end: '12:00' }];
  const end = minutes(last.end);
  if (Number.isNaN(end) || end >= 23 * 60) return [...list, { start: '', end: '' }];
  const start = Math.min(end + 60, 23 * 60);
  const stop = Math.min(start + 4 * 60, 24 * 60);
  const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return [...list, { start: hhmm(start), end: hhmm(stop) }];
}

/** Copies one day's intervals to the other working days (Monday to Friday). */
export function copyToWeekdays(form: HoursForm, from: Weekday): HoursForm {
  const next = { ...form };
  for (const d of WEEKDAYS.slice(0, 5)) if (d !== from) next[d] = form[from].map((i) => ({ ...i }));
  return next;
}

/** Total open minutes of a day (for the summary), ignoring broken intervals. */
export function dayMinutes(intervals: readonly Interval[]): number {
  return intervals.reduce((sum, i) => {
    const s = minutes(i.start);
    const e = minutes(i.end);
    return Number.isNaN(s) || Number.isNaN(e) || e <= s ? sum : sum + e - s;
  }, 0);
}

/** The API's field path `weekly_hours.monday[1]` as the editor's key (`monday`, 1). */
export function parseHoursField(field: string): { day: Weekday; index: number | null } | null {
  const m = /^(?:\/?body\/)?weekly_hours[./](\w+)(?:(?:\[|\.|\/)(\d+)\]?)?/.exec(field);
  if (!m) return null;
  const day = m[1] as Weekday;
  if (!WEEKDAYS.includes(day)) return null;
  return { day, index: m[2] !== undefined ? Number(m[2]) : null };
}
