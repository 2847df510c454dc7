import { describe, expect, it } from 'vitest';
import { formatMoneyCents } from '../../i18n/format';
import { classifyInput, formatMinutes, formatRate, isDay, parseMinutes } from './time';

// Intl puts a (narrow) no-break space in some locales; compare with plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('formatMinutes', () => {
  it('says hours and minutes in the language', () => {
    expect(formatMinutes(45, 'en')).toBe('45 min');
    expect(formatMinutes(60, 'en')).toBe('1 h');
    expect(formatMinutes(90, 'en')).toBe('1 h 30 min');
    expect(formatMinutes(90, 'nl')).toBe('1 u 30 min');
    expect(formatMinutes(0, 'nl')).toBe('0 min');
    expect(formatMinutes(10_080, 'nl')).toBe('168 u');
  });
});

describe('money and rates', () => {
  it('formats euro amounts for the language', () => {
    expect(plain(formatMoneyCents(7125, 'nl'))).toBe('€ 71,25');
    expect(plain(formatMoneyCents(7125, 'en'))).toBe('€71.25');
    expect(plain(formatMoneyCents(123456, 'nl'))).toBe('€ 1.234,56');
    expect(plain(formatMoneyCents(123456, 'en'))).toBe('€1,234.56');
  });

  it('formats VAT rates from basis points', () => {
    // The space before % differs between ICU versions; the number does not.
    expect(plain(formatRate(2100, 'nl')).replace(' ', '')).toBe('21%');
    expect(plain(formatRate(550, 'nl')).replace(' ', '')).toBe('5,5%');
    expect(plain(formatRate(550, 'en'))).toBe('5.5%');
  });
});

describe('the entry as typed', () => {
  it('takes whole minutes from 1 to a week only', () => {
    expect(parseMinutes(' 45 ')).toBe(45);
    expect(parseMinutes('0')).toBeNull();
    expect(parseMinutes('1.5')).toBeNull();
    expect(parseMinutes('-5')).toBeNull();
    expect(parseMinutes('10081')).toBeNull();
    expect(parseMinutes('')).toBeNull();
  });

  it('takes real calendar days only', () => {
    expect(isDay('2026-12-03')).toBe(true);
    expect(isDay('2026-02-30')).toBe(false);
    expect(isDay('3/12/2026')).toBe(false);
  });

  it('asks the classification only for a complete entry', () => {
    const org = '6f1c1f4e-0000-4000-8000-000000000001';
    expect(classifyInput(org, { minutes: '30', date: '2026-12-03', subject: 'training' })).toEqual({
      organization_id: org,
      date: '2026-12-03',
      subject: 'training',
      minutes: 30,
    });
    expect(classifyInput(org, { minutes: '', date: '2026-12-03', subject: 'training' })).toBeNull();
    expect(classifyInput(org, { minutes: '30', date: '', subject: 'training' })).toBeNull();
    expect(classifyInput(org, { minutes: '30', date: '2026-12-03', subject: '' })).toBeNull();
    expect(classifyInput(null, { minutes: '30', date: '2026-12-03', subject: 'training' })).toBeNull();
  });
});
