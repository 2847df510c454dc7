import { describe, expect, it } from 'vitest';
import { closedDays, daysInMonth, monthWeeks, weekdayOf, type ClosedPeriod } from './yearView';

describe('monthWeeks', () => {
  it('starts on Monday and pads before the 1st and after the last day', () => {
    // 1 December 2026 is a Tuesday.
    const weeks = monthWeeks(2026, 12);
    expect(weeks[0]![0]).toBeNull();
    expect(weeks[0]![1]).toEqual({ date: '2026-12-01', day: 1, weekday: 1 });
    expect(weeks.every((w) => w.length === 7)).toBe(true);
    const days = weeks.flat().filter((c) => c !== null);
    expect(days).toHaveLength(31);
    expect(days[30]).toMatchObject({ date: '2026-12-31', weekday: 3 });
    expect(weeks[weeks.length - 1]!.slice(4)).toEqual([null, null, null]);
  });

  it('a February that starts on Monday and has 28 days is exactly four weeks', () => {
    // 1 February 2027 is a Monday.
    expect(weekdayOf('2027-02-01')).toBe(0);
    const weeks = monthWeeks(2027, 2);
    expect(weeks).toHaveLength(4);
    expect(weeks.flat().every((c) => c !== null)).toBe(true);
  });

  it('knows leap years and a month that spans six weeks', () => {
    expect(daysInMonth(2028, 2)).toBe(29);
    expect(daysInMonth(2027, 2)).toBe(28);
    // May 2027 starts on a Saturday and has 31 days: six rows.
    expect(monthWeeks(2027, 5)).toHaveLength(6);
  });
});

describe('closedDays', () => {
  const name = (s: string) => ({ nl: s, en: s });
  const periods: ClosedPeriod[] = [
    { kind: 'christmas_closure', first_day: '2025-12-25', last_day: '2026-01-01', name: name('Christmas') },
    { kind: 'public_holiday', first_day: '2026-12-25', last_day: '2026-12-25', holiday: 'christmas', name: name('Kerstmis') },
    { kind: 'christmas_closure', first_day: '2026-12-25', last_day: '2027-01-01', name: name('Christmas') },
    { kind: 'closure', first_day: '2026-05-15', last_day: '2026-05-15', closure_id: 'c1', name: name('Brugdag') },
  ];

  it('marks every day of a period, clipped to the year', () => {
    const days = closedDays(2026, periods);
    expect(days.get('2026-01-01')?.kind).toBe('christmas_closure');
    expect(days.has('2025-12-31')).toBe(false);
    expect(days.get('2026-12-31')?.kind).toBe('christmas_closure');
    expect(days.has('2027-01-01')).toBe(false);
    expect(days.get('2026-05-15')?.closure_id).toBe('c1');
    expect(days.has('2026-05-14')).toBe(false);
  });

  it('names a holiday over the Christmas closure, and an admin closure over both', () => {
    expect(closedDays(2026, periods).get('2026-12-25')?.kind).toBe('public_holiday');
    const withClosure = [...periods, { kind: 'closure', first_day: '2026-12-24', last_day: '2026-12-26', closure_id: 'c2', name: name('Inventaris') } as ClosedPeriod];
    const days = closedDays(2026, withClosure);
    expect(days.get('2026-12-25')?.closure_id).toBe('c2');
    expect(days.get('2026-12-27')?.kind).toBe('christmas_closure');
  });
});
