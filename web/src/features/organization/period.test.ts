import { describe, expect, it } from 'vitest';
import { checkPeriod, contractState, csvFilename, isDay, matchPreset, periodFromParams, presetPeriod, slugify } from './period';
import { formatMinutes, formatShortDay } from './format';

describe('period presets', () => {
  it('this month, last month and this year from today', () => {
    expect(presetPeriod('thisMonth', '2026-12-03')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(presetPeriod('lastMonth', '2026-12-03')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(presetPeriod('thisYear', '2026-12-03')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });

  it('handles January (last month is December of the year before) and leap years', () => {
    expect(presetPeriod('lastMonth', '2027-01-15')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(presetPeriod('thisMonth', '2028-02-10')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(presetPeriod('lastMonth', '2027-03-31')).toEqual({ from: '2027-02-01', to: '2027-02-28' });
  });

  it('recognises a preset, and reads the period from the address (default this month)', () => {
    expect(matchPreset({ from: '2026-11-01', to: '2026-11-30' }, '2026-12-03')).toBe('lastMonth');
    expect(matchPreset({ from: '2026-11-02', to: '2026-11-30' }, '2026-12-03')).toBeNull();
    expect(periodFromParams(new URLSearchParams('from=2026-01-05&to=2026-02-01'), '2026-12-03')).toEqual({ from: '2026-01-05', to: '2026-02-01' });
    expect(periodFromParams(new URLSearchParams('from=2026-13-01&to=2026-02-01'), '2026-12-03')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(periodFromParams(new URLSearchParams(''), '2026-12-03')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });

  it('checks the fields like the API', () => {
    expect(checkPeriod({ from: '', to: '' })).toEqual({ from: 'fromRequired', to: 'toRequired' });
    expect(checkPeriod({ from: '2026-02-30', to: '2026-03-01' })).toEqual({ from: 'fromInvalid' });
    expect(checkPeriod({ from: '2026-03-02', to: '2026-03-01' })).toEqual({ to: 'order' });
    expect(checkPeriod({ from: '2026-03-01', to: '2026-03-01' })).toEqual({});
    expect(isDay('2028-02-29')).toBe(true);
    expect(isDay('2027-02-29')).toBe(false);
  });
});

describe('CSV file name', () => {
  it('carries the organisation and the period', () => {
    expect(csvFilename('Bakkerij Peeters', { from: '2026-12-01', to: '2026-12-31' })).toBe('billing-bakkerij-peeters-2026-12-01-to-2026-12-31.csv');
    expect(slugify('Garage Janssens & Zonen NV')).toBe('garage-janssens-zonen-nv');
    expect(slugify('Café Élise')).toBe('cafe-elise');
    expect(slugify('***')).toBe('organisation');
  });
});

describe('contract state', () => {
  it('valid on both end days, ended after, future before; no end is open-ended', () => {
    const c = { starts_on: '2026-01-01', ends_on: '2026-12-31' };
    expect(contractState(c, '2026-01-01')).toBe('valid');
    expect(contractState(c, '2026-12-31')).toBe('valid');
    expect(contractState(c, '2027-01-01')).toBe('ended');
    expect(contractState(c, '2025-12-31')).toBe('future');
    expect(contractState({ starts_on: '2020-01-01', ends_on: null }, '2099-01-01')).toBe('valid');
  });
});

describe('report formatting', () => {
  it('minutes as hours and minutes in both languages', () => {
    expect(formatMinutes(45, 'en')).toBe('45 min');
    expect(formatMinutes(90, 'en')).toBe('1 h 30 min');
    expect(formatMinutes(120, 'nl')).toBe('2 u');
    expect(formatMinutes(0, 'nl')).toBe('0 min');
  });
  it('a day with its weekday, without shifting it by a time zone', () => {
    expect(formatShortDay('2026-12-03', 'en')).toBe('Thu, 3 Dec 2026');
    expect(formatShortDay('2026-12-03', 'nl')).toMatch(/^do 3 dec\.? 2026$/);
  });
});
