import type { Lang } from '../../i18n';
import { brusselsDate } from '../../i18n/format';

/** Whether an instant falls today, tomorrow or later, counted in Brussels days. */
export function dayFromNow(instant: string | Date, now: Date): 'today' | 'tomorrow' | 'later' {
  const that = brusselsDate(instant);
  const today = brusselsDate(now);
  if (that <= today) return 'today';
  const tomorrow = new Date(`${today}T12:00:00Z`);
  tomorrow.setUTCDate(tomorrow.getUTCDate() + 1);
  return that === tomorrow.toISOString().slice(0, 10) ? 'tomorrow' : 'later';
}

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
type Interval = { start: string; end: string };
export type WeeklyHours = Partial<Record<(typeof WEEKDAYS)[number], Interval[]>>;

/** "9:00" → "09:00". */
const pad = (t: string) => t.replace(/^(\d):/, '0$1:');

/**
 * The week in a few lines: consecutive weekdays with the same hours together
 * ("Monday–Thursday: 09:00–12:00, 13:00–16:30", "Friday: 09:00–12:00"); closed days left out.
 */
export function weekSummary(hours: WeeklyHours, lang: Lang): Array<{ days: string; hours: string }> {
  // 2024-01-01 was a Monday: day i of that week is weekday i.
  const name = (i: number) =>
    new Intl.DateTimeFormat(lang === 'nl' ? 'nl-BE' : 'en-GB', { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 1 + i, 12)));
  const text = WEEKDAYS.map((d) => (hours[d] ?? []).map((iv) => `${pad(iv.start)}–${pad(iv.end)}`).join(', '));
  const out: Array<{ days: string; hours: string }> = [];
  for (let i = 0; i < 7; ) {
    let j = i;
    while (j + 1 < 7 && text[j + 1] === text[i]) j++;
    const hours = text[i];
    if (hours) out.push({ days: i === j ? name(i) : `${name(i)}–${name(j)}`, hours });
    i = j + 1;
  }
  return out;
}
