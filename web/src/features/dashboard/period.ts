import { checkPeriodDays, isCalendarDay, type Period, type PeriodProblem } from '../../components/period';

/** The dashboard's periods: whole days (YYYY-MM-DD) in Brussels, both ends included. */
export type { Period, PeriodProblem };
export { daysIn } from '../../components/period';

export type Preset = 'thisMonth' | 'last3Months' | 'last12Months' | 'thisYear';
export const PRESETS: readonly Preset[] = ['thisMonth', 'last3Months', 'last12Months', 'thisYear'];

/** The API's longest period. */
export const MAX_DAYS = 366;

/** The reports' first year. */
const MIN_YEAR = 1970;

export function isDay(v: string): boolean {
  return isCalendarDay(v, MIN_YEAR);
}

function iso(y: number, m0: number, d: number): string {
  return new Date(Date.UTC(y, m0, d)).toISOString().slice(0, 10);
}

/**
 * The period of a preset on `today` (YYYY-MM-DD in Brussels), in whole months: this month;
 * this month and the 2 before; this month and the 11 before (at most 366 days); 1 January
 * to 31 December.
 */
export function presetPeriod(preset: Preset, today: string): Period {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const endOfMonth = iso(y, m, 0);
  switch (preset) {
    case 'thisMonth':
      return { from: iso(y, m - 1, 1), to: endOfMonth };
    case 'last3Months':
      return { from: iso(y, m - 3, 1), to: endOfMonth };
    case 'last12Months':
      return { from: iso(y, m - 12, 1), to: endOfMonth };
    case 'thisYear':
      return { from: `${y}-01-01`, to: `${y}-12-31` };
  }
}

function isPreset(v: string | null): v is Preset {
  return (PRESETS as readonly string[]).includes(v ?? '');
}

/** The checks the API makes, before asking it. */
export function checkPeriod(p: Period): { from?: PeriodProblem; to?: PeriodProblem } {
  return checkPeriodDays(p, { minYear: MIN_YEAR, maxDays: MAX_DAYS });
}

/** What the address says: `?period=<preset>` or `?from=&to=` (custom), else this month. */
export interface Choice {
  preset: Preset | null;
  period: Period;
}

export function choiceFromParams(params: URLSearchParams, today: string): Choice {
  const preset = params.get('period');
  if (isPreset(preset)) return { preset, period: presetPeriod(preset, today) };
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const custom = { from, to };
  if (from && to) {
    const problems = checkPeriod(custom);
    if (!problems.from && !problems.to) return { preset: null, period: custom };
  }
  return { preset: 'thisMonth', period: presetPeriod('thisMonth', today) };
}

/** The address for a choice, keeping the other parameters (the organisation). */
export function withChoice(params: URLSearchParams, choice: { preset: Preset } | { period: Period }): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete('period');
  next.delete('from');
  next.delete('to');
  if ('preset' in choice) next.set('period', choice.preset);
  else {
    next.set('from', choice.period.from);
    next.set('to', choice.period.to);
  }
  return next;
}

/** "2026-12" → the first day, for month labels. */
export function monthStart(month: string): string {
  return `${month}-01`;
}
