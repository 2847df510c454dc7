import type { Schema } from '../../api/types';

export type ClosedPeriod = Schema<'ClosedPeriodView'>;

/** One cell of a month's grid: a day of the month, or an empty slot before the 1st / after the last day. */
export type MonthCell = { date: string; day: number; weekday: number } | null;

const pad = (n: number) => String(n).padStart(2, '0');

export function isoDate(year: number, month: number, day: number): string {
  return `${year}-${pad(month)}-${pad(day)}`;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 0 = Monday … 6 = Sunday. */
export function weekdayOf(date: string): number {
  const d = new Date(`${date}T12:00:00Z`);
  return (d.getUTCDay() + 6) % 7;
}

/**
 * A month (1-12) as weeks of seven cells, Monday first: the first week is padded with
 * `null` before the 1st, the last one after the last day.
 */
export function monthWeeks(year: number, month: number): MonthCell[][] {
  const first = weekdayOf(isoDate(year, month, 1));
  const cells: MonthCell[] = Array.from({ length: first }, () => null);
  const n = daysInMonth(year, month);
  for (let day = 1; day <= n; day++) {
    const date = isoDate(year, month, day);
    cells.push({ date, day, weekday: (first + day - 1) % 7 });
  }
  while (cells.length % 7) cells.push(null);
  const weeks: MonthCell[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/**
 * Which days of `year` are closed and why: every day of every listed period (clipped to the
 * year). When periods overlap, an admin's closure is named over a holiday or the Christmas
 * closure (it is the one that can be removed), a holiday over the Christmas closure.
 */
export function closedDays(year: number, periods: readonly ClosedPeriod[]): Map<string, ClosedPeriod> {
  const rank = { closure: 3, public_holiday: 2, christmas_closure: 1 } as Record<string, number>;
  const out = new Map<string, ClosedPeriod>();
  const first = isoDate(year, 1, 1);
  const last = isoDate(year, 12, 31);
  for (const p of periods) {
    let d = p.first_day < first ? first : p.first_day;
    const end = p.last_day > last ? last : p.last_day;
    for (let guard = 0; d <= end && guard < 400; guard++, d = addDays(d, 1)) {
      const had = out.get(d);
      if (!had || (rank[p.kind] ?? 0) > (rank[had.kind] ?? 0)) out.set(d, p);
    }
  }
  return out;
}
