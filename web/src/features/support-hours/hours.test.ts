import { describe, expect, it } from 'vitest';
import { sentence, brusselsWeekday, buildWeekTable, dayCount, mergeClosures, normalizeTime, relativeDay, upcomingClosures, weekdayName, type ClosedPeriod } from './hours';

const policy = {
  monday: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '16:30' }],
  tuesday: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '16:30' }],
  wednesday: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '16:30' }],
  thursday: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '16:30' }],
  friday: [{ start: '9:00', end: '12:00' }, { start: '13:00', end: '15:30' }],
};

function period(kind: ClosedPeriod['kind'], first: string, last: string, en: string, closure_id?: string): ClosedPeriod {
  return { kind, first_day: first, last_day: last, name: { nl: `nl ${en}`, en }, ...(closure_id ? { closure_id } : {}) };
}

describe('buildWeekTable', () => {
  it('gives seven rows, Monday first, in the UI language, with the days left out as closed', () => {
    const en = buildWeekTable(policy, 'en');
    expect(en.map((r) => r.name)).toEqual(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']);
    expect(en[0]!.intervals).toEqual(['09:00–12:00', '13:00–16:30']);
    expect(en[4]!.intervals).toEqual(['09:00–12:00', '13:00–15:30']);
    expect(en[5]).toMatchObject({ day: 'saturday', closed: true, intervals: [] });
    expect(en[6]!.closed).toBe(true);
    const nl = buildWeekTable(policy, 'nl');
    expect(nl.map((r) => r.name)).toEqual(['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag']);
  });

  it('treats an empty list as closed, and pads times', () => {
    const rows = buildWeekTable({ ...policy, friday: [] }, 'en');
    expect(rows[4]!.closed).toBe(true);
    expect(normalizeTime('9:5')).toBe('09:05');
    expect(normalizeTime('24:00')).toBe('24:00');
    expect(weekdayName('sunday', 'nl')).toBe('zondag');
  });
});

describe('closures', () => {
  const y2026 = [
    period('public_holiday', '2026-11-11', '2026-11-11', 'Armistice Day'),
    period('christmas_closure', '2026-12-25', '2027-01-01', 'Christmas closure'),
  ];
  const y2027 = [
    period('christmas_closure', '2026-12-25', '2027-01-01', 'Christmas closure'),
    period('public_holiday', '2027-03-29', '2027-03-29', 'Easter Monday'),
    period('christmas_closure', '2027-12-25', '2028-01-01', 'Christmas closure'),
  ];

  it('keeps only what has not ended, once each (the Christmas closure spans two years), by first day', () => {
    const out = upcomingClosures([y2026, y2027], '2026-12-03');
    expect(out.map((c) => `${c.first_day} ${c.name.en}`)).toEqual([
      '2026-12-25 Christmas closure',
      '2027-03-29 Easter Monday',
      '2027-12-25 Christmas closure',
    ]);
  });

  it('keeps a closure that is going on today', () => {
    expect(upcomingClosures([y2026], '2026-12-28').map((c) => c.first_day)).toEqual(['2026-12-25']);
    expect(upcomingClosures([y2026], '2027-01-02')).toEqual([]);
  });

  it('merges the schedules: one entry per period with the schedules it closes', () => {
    const phoneOnly = period('closure', '2027-02-05', '2027-02-05', 'Phone maintenance', 'c1');
    const merged = mergeClosures({ interventions: [y2026, y2027], phone: [[...y2026, phoneOnly], y2027] }, '2026-12-03');
    expect(merged.map((c) => [c.first_day, c.schedules.join('+')])).toEqual([
      ['2026-12-25', 'interventions+phone'],
      ['2027-02-05', 'phone'],
      ['2027-03-29', 'interventions+phone'],
      ['2027-12-25', 'interventions+phone'],
    ]);
  });

  it('counts the days of a period, both ends included', () => {
    expect(dayCount('2026-12-25', '2027-01-01')).toBe(8);
    expect(dayCount('2026-03-29', '2026-03-29')).toBe(1);
    // across the switch to summer time
    expect(dayCount('2027-03-27', '2027-03-29')).toBe(3);
  });
});

describe('Brussels days', () => {
  it('takes today and the weekday in Brussels, not in UTC', () => {
    // 23:30 UTC on Thursday 31 Dec 2026 is already Friday 1 Jan 2027 in Brussels.
    const late = new Date('2026-12-31T23:30:00Z');
    expect(brusselsWeekday(late)).toBe('friday');
  });

  it('says today / tomorrow / other for an instant', () => {
    const now = new Date('2026-12-03T14:00:00Z'); // Thursday 15:00 in Brussels
    expect(relativeDay('2026-12-03T15:30:00Z', now)).toBe('today');
    expect(relativeDay('2026-12-04T08:00:00Z', now)).toBe('tomorrow');
    expect(relativeDay('2026-12-07T08:00:00Z', now)).toBe('other');
    // 23:30 UTC on the 3rd is the 4th in Brussels: tomorrow
    expect(relativeDay('2026-12-03T23:30:00Z', now)).toBe('tomorrow');
  });
});

describe('sentence', () => {
  it('shows the API reason as a sentence', () => {
    expect(sentence('closed since 12:00')).toBe('Closed since 12:00.');
    expect(sentence('28 December 2026 falls in the Christmas closure')).toBe('28 December 2026 falls in the Christmas closure.');
    expect(sentence('Already a sentence.')).toBe('Already a sentence.');
  });
});
