import { describe, expect, it } from 'vitest';
import { dayFromNow, weekSummary } from './opening';

describe('the phone line in words', () => {
  const now = new Date('2026-12-03T11:30:00Z'); // Thursday 12:30 in Brussels
  it('says today, tomorrow or later, in Brussels days', () => {
    expect(dayFromNow('2026-12-03T12:00:00Z', now)).toBe('today');
    expect(dayFromNow('2026-12-04T08:00:00Z', now)).toBe('tomorrow');
    expect(dayFromNow('2026-12-07T08:00:00Z', now)).toBe('later');
    // 23:30 UTC on the 3rd is already the 4th in Brussels.
    expect(dayFromNow('2026-12-03T23:30:00Z', now)).toBe('tomorrow');
  });

  it('sums the week up: equal weekdays together, closed days left out, Friday apart', () => {
    const day = [
      { start: '9:00', end: '12:00' },
      { start: '13:00', end: '16:30' },
    ];
    const hours = { monday: day, tuesday: day, wednesday: day, thursday: day, friday: [{ start: '09:00', end: '12:00' }] };
    expect(weekSummary(hours, 'en')).toEqual([
      { days: 'Monday–Thursday', hours: '09:00–12:00, 13:00–16:30' },
      { days: 'Friday', hours: '09:00–12:00' },
    ]);
    expect(weekSummary({ ...hours, wednesday: [] }, 'nl').map((r) => r.days)).toEqual(['maandag–dinsdag', 'donderdag', 'vrijdag']);
  });
});
