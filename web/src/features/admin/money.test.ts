import { describe, expect, it } from 'vitest';
import { basisPointsToInput, centsToInput, nextDay, parseEuros, parsePercent, yearLater } from './money';

describe('amounts and dates of the admin forms', () => {
  it('reads euros with a comma or a dot', () => {
    expect(parseEuros('92,50')).toBe(9250);
    expect(parseEuros('€ 85')).toBe(8500);
    expect(parseEuros('0.5')).toBe(50);
    expect(parseEuros('12.345')).toBeNull();
    expect(parseEuros('-3')).toBeNull();
    expect(parseEuros('')).toBeNull();
    expect(centsToInput(9250)).toBe('92.50');
  });

  it('reads VAT percentages as basis points', () => {
    expect(parsePercent('21')).toBe(2100);
    expect(parsePercent('5,5 %')).toBe(550);
    expect(parsePercent('101')).toBeNull();
    expect(basisPointsToInput(2100)).toBe('21');
  });

  it('a renewal starts the next day and runs a year', () => {
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(yearLater('2027-01-01')).toBe('2027-12-31');
    expect(yearLater('2028-03-01')).toBe('2029-02-28');
  });
});
