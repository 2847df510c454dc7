/** Periods of whole days (YYYY-MM-DD in Brussels), both ends included: the billing report's and the dashboard's. */
export interface Period {
  from: string;
  to: string;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day as YYYY-MM-DD, from `minYear` (the API's bound, where it has one) to 9999. */
export function isCalendarDay(v: string, minYear = 1): boolean {
  const m = DAY.exec(v);
  if (!m) return false;
  const [, y, mo, d] = m.map(Number) as [number, number, number, number];
  if (y < minYear || y > 9999) return false;
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

/** Days from `from` to `to`, both included. */
export function daysIn(p: Period): number {
  return Math.round((Date.parse(`${p.to}T00:00:00Z`) - Date.parse(`${p.from}T00:00:00Z`)) / 86_400_000) + 1;
}

export type PeriodProblem = 'fromRequired' | 'toRequired' | 'fromInvalid' | 'toInvalid' | 'order' | 'tooLong';

/** The checks the API makes on a period, before asking it: each end a day, in order, and not too long. */
export function checkPeriodDays(
  p: Period,
  { minYear = 1, maxDays = Infinity }: { minYear?: number; maxDays?: number } = {},
): { from?: PeriodProblem; to?: PeriodProblem } {
  const out: { from?: PeriodProblem; to?: PeriodProblem } = {};
  if (!p.from) out.from = 'fromRequired';
  else if (!isCalendarDay(p.from, minYear)) out.from = 'fromInvalid';
  if (!p.to) out.to = 'toRequired';
  else if (!isCalendarDay(p.to, minYear)) out.to = 'toInvalid';
  if (!out.from && !out.to) {
    if (p.to < p.from) out.to = 'order';
    else if (daysIn(p) > maxDays) out.to = 'tooLong';
  }
  return out;
}
