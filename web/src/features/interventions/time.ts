import type { Lang } from '../../i18n';
import type { ClassifyInput } from './keys';

const locale = (lang: Lang) => (lang === 'nl' ? 'nl-BE' : 'en-GB');

/** "1 h 30 min" / "1 u 30 min"; "45 min"; "2 h". */
export function formatMinutes(minutes: number, lang: Lang): string {
  const m = Math.max(0, Math.round(minutes));
  const h = Math.floor(m / 60);
  const rest = m % 60;
  const hour = lang === 'nl' ? 'u' : 'h';
  const n = (x: number) => new Intl.NumberFormat(locale(lang)).format(x);
  if (h === 0) return `${n(rest)} min`;
  return rest === 0 ? `${n(h)} ${hour}` : `${n(h)} ${hour} ${rest} min`;
}

/** 2100 basis points → "21 %" / "21%". */
export function formatRate(basisPoints: number, lang: Lang): string {
  return new Intl.NumberFormat(locale(lang), { style: 'percent', maximumFractionDigits: 2 }).format(basisPoints / 10_000);
}

const MAX_MINUTES = 10_080;

/** Whole minutes from 1 to a week, as typed; otherwise null. */
export function parseMinutes(text: string): number | null {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return n >= 1 && n <= MAX_MINUTES ? n : null;
}

/** A real calendar day YYYY-MM-DD. */
export function isDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T12:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** What the classify dry-run is asked about, once the form holds a complete, valid entry. */
export function classifyInput(organizationId: string | null | undefined, v: { minutes: string; date: string; subject: string }): ClassifyInput | null {
  const minutes = parseMinutes(v.minutes);
  if (!organizationId || minutes === null || !isDay(v.date) || !v.subject) return null;
  return { organization_id: organizationId, date: v.date, subject: v.subject, minutes };
}
