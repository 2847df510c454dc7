import { checkPeriodDays, isCalendarDay, type Period, type PeriodProblem } from '../../components/period';

/** Billing periods: whole days (YYYY-MM-DD), both ends included, in Brussels. */
export type { Period, PeriodProblem };

export type Preset = 'thisMonth' | 'lastMonth' | 'thisYear';
export const PRESETS: readonly Preset[] = ['thisMonth', 'lastMonth', 'thisYear'];

export function isDay(v: string): boolean {
  return isCalendarDay(v);
}

function iso(y: number, m0: number, d: number): string {
  const dt = new Date(Date.UTC(y, m0, d));
  return dt.toISOString().slice(0, 10);
}

/** The period of a preset, given today's date in Brussels (YYYY-MM-DD). */
export function presetPeriod(preset: Preset, today: string): Period {
  const [y, m] = today.split('-').map(Number) as [number, number];
  switch (preset) {
    case 'thisMonth':
      return { from: iso(y, m - 1, 1), to: iso(y, m, 0) };
    case 'lastMonth':
      return { from: iso(y, m - 2, 1), to: iso(y, m - 1, 0) };
    case 'thisYear':
      return { from: `${y}-01-01`, to: `${y}-12-31` };
  }
}

/** Which preset a period is, if any. */
export function matchPreset(p: Period, today: string): Preset | null {
  for (const preset of PRESETS) {
    const q = presetPeriod(preset, today);
    if (q.from === p.from && q.to === p.to) return preset;
  }
  return null;
}

/** The period from the page's address (?from=&to=), else this month. */
export function periodFromParams(params: URLSearchParams, today: string): Period {
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  if (isDay(from) && isDay(to)) return { from, to };
  return presetPeriod('thisMonth', today);
}

/** Client checks before asking the API (which checks the same). */
export function checkPeriod(p: Period): { from?: PeriodProblem; to?: PeriodProblem } {
  return checkPeriodDays(p);
}

/** A file-name-safe slug: "Bakkerij Peeters" → "bakkerij-peeters". */
export function slugify(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s || 'organisation';
}

/** "billing-bakkerij-peeters-2026-12-01-to-2026-12-31.csv". */
export function csvFilename(orgName: string, p: Period): string {
  return `billing-${slugify(orgName)}-${p.from}-to-${p.to}.csv`;
}

export type ContractState = 'valid' | 'ended' | 'future';

/** Whether a contract (both ends included; no end = open-ended) is valid on a day. */
export function contractState(c: { starts_on: string; ends_on?: string | null }, today: string): ContractState {
  if (today < c.starts_on) return 'future';
  if (c.ends_on && today > c.ends_on) return 'ended';
  return 'valid';
}

