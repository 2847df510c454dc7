import { describe, expect, it } from 'vitest';
import { billingMonths, billingWhole, monthsOf } from './billing';
import { formatEuro, formatMinutes, formatShare, minuteTicks } from './format';
import { checkPeriod, choiceFromParams, daysIn, presetPeriod, withChoice } from './period';
import type { BillingSummaryReport } from './api';

const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('presets', () => {
  it('are whole months ending with this one', () => {
    expect(presetPeriod('thisMonth', '2026-12-04')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(presetPeriod('last3Months', '2026-12-04')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(presetPeriod('last3Months', '2027-02-28')).toEqual({ from: '2026-12-01', to: '2027-02-28' });
    expect(presetPeriod('last12Months', '2026-12-04')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(presetPeriod('last12Months', '2028-02-10')).toEqual({ from: '2027-03-01', to: '2028-02-29' });
    expect(presetPeriod('thisYear', '2026-03-10')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });
  it('never exceed the API limit of 366 days', () => {
    for (const today of ['2028-02-10', '2028-12-31', '2027-01-15', '2024-03-01']) {
      for (const p of ['last12Months', 'thisYear'] as const) expect(daysIn(presetPeriod(p, today))).toBeLessThanOrEqual(366);
    }
  });
});

describe('the period in the address', () => {
  it('reads a preset, a custom period, and falls back to this month', () => {
    expect(choiceFromParams(new URLSearchParams('period=last3Months'), '2026-12-04')).toEqual({ preset: 'last3Months', period: { from: '2026-10-01', to: '2026-12-31' } });
    expect(choiceFromParams(new URLSearchParams('from=2026-03-01&to=2026-03-31'), '2026-12-04')).toEqual({ preset: null, period: { from: '2026-03-01', to: '2026-03-31' } });
    for (const bad of ['from=2026-03-31&to=2026-03-01', 'from=2024-01-01&to=2026-01-01', 'from=2026-02-30&to=2026-03-01', 'period=forever', '']) {
      expect(choiceFromParams(new URLSearchParams(bad), '2026-12-04')).toEqual({ preset: 'thisMonth', period: { from: '2026-12-01', to: '2026-12-31' } });
    }
  });
  it('keeps the other parameters when the period changes', () => {
    const next = withChoice(new URLSearchParams('org=abc&period=thisYear'), { period: { from: '2026-01-01', to: '2026-02-01' } });
    expect(next.toString()).toBe('org=abc&from=2026-01-01&to=2026-02-01');
    expect(withChoice(next, { preset: 'thisMonth' }).toString()).toBe('org=abc&period=thisMonth');
  });
  it('checks a custom period as the API does', () => {
    expect(checkPeriod({ from: '', to: '2026-01-01' })).toEqual({ from: 'fromRequired' });
    expect(checkPeriod({ from: '2026-13-01', to: '2026-01-01' })).toEqual({ from: 'fromInvalid' });
    expect(checkPeriod({ from: '2026-02-01', to: '2026-01-01' })).toEqual({ to: 'order' });
    expect(checkPeriod({ from: '2025-01-01', to: '2026-01-02' })).toEqual({ to: 'tooLong' });
    expect(checkPeriod({ from: '2025-01-01', to: '2026-01-01' })).toEqual({});
    expect(checkPeriod({ from: '2024-01-01', to: '2024-12-31' })).toEqual({});
  });
});

describe('formatting', () => {
  it('writes money, shares and business time per language', () => {
    expect(nbsp(formatEuro(12750, 'nl'))).toBe('€ 127,50');
    expect(formatEuro(123456, 'en')).toBe('€1,234.56');
    expect(nbsp(formatShare(2, 3, 'nl') ?? '')).toBe('66,7%');
    expect(formatShare(1, 1, 'en')).toBe('100%');
    expect(formatShare(0, 0, 'en')).toBeNull();
    expect(formatMinutes(0, 'en')).toBe('0 min');
    expect(formatMinutes(45, 'nl')).toBe('45 min');
    expect(formatMinutes(60, 'nl')).toBe('1 u');
    expect(formatMinutes(125.5, 'en')).toBe('2 h 06 min');
  });
  it('puts minute axes on round steps', () => {
    expect(minuteTicks(0)).toEqual([0, 1]);
    expect(minuteTicks(150)).toEqual([0, 60, 120, 180]);
    expect(minuteTicks(90)).toEqual([0, 30, 60, 90]);
    expect(minuteTicks(100_000).length).toBeLessThanOrEqual(6);
    expect(minuteTicks(100_000).at(-1)).toBeGreaterThanOrEqual(100_000);
  });
});

describe('billing', () => {
  const totals = (inc: number, bill: number, amount: number, vat: number) => ({
    included_minutes: inc,
    billable_minutes: bill,
    amount_excluding_vat_cents: amount,
    vat_rate_basis_points: 2100,
    vat_cents: vat,
    total_including_vat_cents: amount + vat,
  });
  const report: BillingSummaryReport = {
    from: '2026-10-01',
    to: '2026-12-31',
    vat_rate_basis_points: 2100,
    months: [
      { month: '2026-10', organization_id: 'a', organization_name: 'A', interventions: 1, totals: totals(30, 0, 0, 0) },
      { month: '2026-12', organization_id: 'a', organization_name: 'A', interventions: 2, totals: totals(0, 60, 9500, 1995) },
      { month: '2026-12', organization_id: 'b', organization_name: 'B', interventions: 1, totals: totals(15, 30, 4750, 998) },
    ],
    organizations: [
      { organization_id: 'a', organization_name: 'A', interventions: 3, totals: totals(30, 60, 9500, 1995) },
      { organization_id: 'b', organization_name: 'B', interventions: 1, totals: totals(15, 30, 4750, 998) },
    ],
  };
  it('lists every month of the period, organisations added up', () => {
    expect(monthsOf({ from: '2026-11-15', to: '2027-02-01' })).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    const lines = billingMonths(report, monthsOf(report));
    expect(lines.map((l) => [l.month, l.interventions, l.totals.included_minutes, l.totals.billable_minutes, l.totals.total_including_vat_cents])).toEqual([
      ['2026-10', 1, 30, 0, 0],
      ['2026-11', 0, 0, 0, 0],
      ['2026-12', 3, 15, 90, 9500 + 1995 + 4750 + 998],
    ]);
    expect(billingWhole(report).totals.amount_excluding_vat_cents).toBe(14250);
    expect(billingWhole(report).interventions).toBe(4);
  });
});
