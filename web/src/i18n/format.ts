import type { Lang } from './index';

export const TIME_ZONE = 'Europe/Brussels';

const locale = (lang: Lang) => (lang === 'nl' ? 'nl-BE' : 'en-GB');

const cache = new Map<string, Intl.DateTimeFormat>();
function dtf(lang: Lang, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = lang + JSON.stringify(opts);
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale(lang), { timeZone: TIME_ZONE, ...opts });
    cache.set(key, f);
  }
  return f;
}

function toDate(v: string | Date): Date {
  return typeof v === 'string' ? new Date(v) : v;
}

/** "Thu 3 Dec 2026, 14:05" / "do 3 dec 2026 14:05" — in Brussels, with the weekday. */
export function formatDateTime(v: string | Date, lang: Lang): string {
  return dtf(lang, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(toDate(v));
}

/** "Thursday 3 December 2026" — a day, with the weekday. */
export function formatDate(v: string | Date, lang: Lang): string {
  const d = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T12:00:00Z`) : toDate(v);
  return dtf(lang, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(d);
}

/** The date (YYYY-MM-DD) of an instant in Brussels: "today" for date fields and the API's day parameters. */
export function brusselsDate(v: string | Date = new Date()): string {
  return isoDay.format(toDate(v));
}
// en-CA formats as YYYY-MM-DD.
const isoDay = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** "14:05" in Brussels. */
export function formatTime(v: string | Date, lang: Lang): string {
  return dtf(lang, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(toDate(v));
}

/** "Thu 3 Dec 2026, 14:00–15:30". */
export function formatRange(start: string | Date, end: string | Date, lang: Lang): string {
  return `${formatDateTime(start, lang)}–${formatTime(end, lang)}`;
}

/** "5 minutes ago", "in 2 days", "gisteren". */
export function formatRelative(v: string | Date, lang: Lang, now: Date = new Date()): string {
  const diff = (toDate(v).getTime() - now.getTime()) / 1000;
  const rtf = new Intl.RelativeTimeFormat(locale(lang), { numeric: 'auto' });
  const abs = Math.abs(diff);
  if (abs < 45) return rtf.format(0, 'second');
  if (abs < 45 * 60) return rtf.format(Math.round(diff / 60), 'minute');
  if (abs < 22 * 3600) return rtf.format(Math.round(diff / 3600), 'hour');
  if (abs < 26 * 86400) return rtf.format(Math.round(diff / 86400), 'day');
  if (abs < 320 * 86400) return rtf.format(Math.round(diff / (30 * 86400)), 'month');
  return rtf.format(Math.round(diff / (365 * 86400)), 'year');
}

/** "1.2 MB" / "1,2 MB". */
export function formatBytes(n: number, lang: Lang): string {
  const nf = (x: number, d = 1) =>
    new Intl.NumberFormat(locale(lang), { maximumFractionDigits: d }).format(x);
  if (n < 1024) return `${nf(n, 0)} B`;
  if (n < 1024 * 1024) return `${nf(n / 1024)} KB`;
  return `${nf(n / (1024 * 1024))} MB`;
}

/** Whole minutes as "14 minutes" is left to i18n plurals; this rounds seconds up. */
export function minutesFromSeconds(s: number): number {
  return Math.max(1, Math.ceil(s / 60));
}

export function formatMoneyCents(cents: number, lang: Lang): string {
  return new Intl.NumberFormat(locale(lang), { style: 'currency', currency: 'EUR' }).format(cents / 100);
}
