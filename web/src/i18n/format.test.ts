import { describe, expect, it } from 'vitest';
import { brusselsDate, formatDate, formatDateTime, formatRange, formatRelative, formatTime } from './format';

describe('dates in Europe/Brussels', () => {
  it('shows winter time (UTC+1) with the weekday', () => {
    // 3 Dec 2026 13:05 UTC = 14:05 in Brussels
    expect(formatDateTime('2026-12-03T13:05:00Z', 'en')).toMatch(/^Thu,? 3 Dec 2026,? 14:05$/);
    expect(formatDateTime('2026-12-03T13:05:00Z', 'nl')).toMatch(/^do\.? 3 dec\.? 2026,? 14:05$/);
  });

  it('shows summer time (UTC+2)', () => {
    expect(formatTime('2026-07-01T08:30:00Z', 'en')).toBe('10:30');
  });

  it('crosses the DST changes correctly', () => {
    // Spring forward: 29 March 2026 at 02:00 local → 03:00
    expect(formatTime('2026-03-29T00:59:00Z', 'en')).toBe('01:59');
    expect(formatTime('2026-03-29T01:00:00Z', 'en')).toBe('03:00');
    // Fall back: 25 October 2026 at 03:00 local → 02:00
    expect(formatTime('2026-10-25T00:30:00Z', 'en')).toBe('02:30');
    expect(formatTime('2026-10-25T01:30:00Z', 'en')).toBe('02:30');
    expect(formatTime('2026-10-25T02:30:00Z', 'en')).toBe('03:30');
  });

  it('gives the Brussels day, not the UTC day, near midnight', () => {
    // 31 Dec 2026 23:30 UTC is already 1 January 2027 in Brussels
    expect(formatDate('2026-12-31T23:30:00Z', 'en')).toMatch(/^Friday,? 1 January 2027$/);
    expect(formatDate('2026-12-31T23:30:00Z', 'nl')).toBe('vrijdag 1 januari 2027');
    // a plain date stays that day
    expect(formatDate('2026-12-24', 'en')).toMatch(/^Thursday,? 24 December 2026$/);
  });

  it('formats a range with the end time only', () => {
    expect(formatRange('2026-12-04T09:00:00Z', '2026-12-04T10:30:00Z', 'en')).toMatch(/^Fri,? 4 Dec 2026,? 10:00–11:30$/);
  });

  it('formats relative times', () => {
    const now = new Date('2026-12-03T12:00:00Z');
    expect(formatRelative('2026-12-03T11:55:00Z', 'en', now)).toBe('5 minutes ago');
    expect(formatRelative('2026-12-02T12:00:00Z', 'en', now)).toBe('yesterday');
    expect(formatRelative('2026-12-05T12:00:00Z', 'nl', now)).toBe('overmorgen');
  });
});

describe('brusselsDate', () => {
  it("takes the day in Brussels, not in UTC (late on New Year's Eve in UTC is already next year)", () => {
    expect(brusselsDate(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(brusselsDate('2026-06-30T22:30:00Z')).toBe('2026-07-01');
    expect(brusselsDate(new Date('2026-12-31T22:30:00Z'))).toBe('2026-12-31');
  });
});
