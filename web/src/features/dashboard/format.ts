import type { Lang } from '../../i18n';

const locale = (lang: Lang) => (lang === 'nl' ? 'nl-BE' : 'en-GB');

/** "1,234" / "1.234". */
export function formatCount(n: number, lang: Lang): string {
  return new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 0 }).format(n);
}

/** A share of `part` in `whole` as "93 %" / "93%", one decimal when it is not whole; null without a whole. */
export function formatShare(part: number, whole: number, lang: Lang): string | null {
  if (whole <= 0) return null;
  return new Intl.NumberFormat(locale(lang), { style: 'percent', maximumFractionDigits: 1 }).format(part / whole);
}

/** Euro cents as "€1,234.50" / "€ 1.234,50". */
export function formatEuro(cents: number, lang: Lang): string {
  return new Intl.NumberFormat(locale(lang), { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

/** Minutes as "45 min", "2 h 05 min", "1 h"; half minutes (a median of two) rounded. */
export function formatMinutes(minutes: number, lang: Lang): string {
  const total = Math.round(minutes);
  const h = Math.floor(total / 60);
  const m = total % 60;
  const n = (v: number) => formatCount(v, lang);
  const u = lang === 'nl' ? 'u' : 'h';
  if (h === 0) return `${n(m)} min`;
  if (m === 0) return `${n(h)} ${u}`;
  return `${n(h)} ${u} ${String(m).padStart(2, '0')} min`;
}

/** "Dec 2026" / "dec 2026" for "2026-12". */
export function formatMonth(month: string, lang: Lang): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(locale(lang), { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 15)));
}

/** "1 Dec" / "1 dec." for a day. */
export function formatShortDay(day: string, lang: Lang): string {
  return new Intl.DateTimeFormat(locale(lang), { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${day}T12:00:00Z`));
}

/** "1 Dec 2026 – 31 Dec 2026" style, in the user's language. */
export function formatPeriod(from: string, to: string, lang: Lang): string {
  const f = new Intl.DateTimeFormat(locale(lang), { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  return f.formatRange(new Date(`${from}T12:00:00Z`), new Date(`${to}T12:00:00Z`));
}

/** "W49" for "2026-W49" (the year is in the table's day columns). */
export function shortWeek(week: string): string {
  return week.replace(/^\d{4}-/, '');
}

const MINUTE_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 240, 480, 960, 1440, 2880, 7200, 14400, 28800, 57600];

/** Axis ticks for minutes at round steps (15 min, 1 h, 4 h…), at most 5 of them past zero. */
export function minuteTicks(max: number): number[] {
  const top = Math.max(0, max);
  let step = MINUTE_STEPS[MINUTE_STEPS.length - 1] as number;
  for (const s of MINUTE_STEPS) {
    if (Math.ceil(top / s) <= 4) {
      step = s;
      break;
    }
  }
  if (top > step * 5) step = Math.ceil(top / 4 / step) * step;
  const n = Math.max(1, Math.ceil(top / step));
  return Array.from({ length: n + 1 }, (_, i) => i * step);
}
