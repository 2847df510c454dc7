import type { Lang } from '../../i18n';

const locale = (lang: Lang) => (lang === 'nl' ? 'nl-BE' : 'en-GB');

/** "Thu 3 Dec 2026" / "do 3 dec 2026": a day with its weekday (the day as written, no zone shift). */
export function formatShortDay(day: string, lang: Lang): string {
  const d = new Date(`${day}T12:00:00Z`);
  return new Intl.DateTimeFormat(locale(lang), { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d);
}

/** 90 → "1 h 30 min" (en) / "1 u 30 min" (nl); 45 → "45 min"; 120 → "2 h". */
export function formatMinutes(total: number, lang: Lang): string {
  const h = Math.floor(total / 60);
  const m = total % 60;
  const hu = lang === 'nl' ? 'u' : 'h';
  if (h === 0) return `${m} min`;
  if (m === 0) return `${h} ${hu}`;
  return `${h} ${hu} ${m} min`;
}

/** 2100 basis points → "21%" / "21 %". */
export function formatRate(basisPoints: number, lang: Lang): string {
  return new Intl.NumberFormat(locale(lang), { style: 'percent', maximumFractionDigits: 2 }).format(basisPoints / 10_000);
}
