import type { BillingSummaryReport } from './api';
import type { Period } from './period';

type Totals = BillingSummaryReport['organizations'][number]['totals'];

export interface BillingLine {
  month: string;
  interventions: number;
  totals: Totals;
}

/** Every month (`YYYY-MM`) a period touches, in order. */
export function monthsOf(p: Period): string[] {
  const out: string[] = [];
  let [y, m] = p.from.split('-').map(Number) as [number, number];
  const last = p.to.slice(0, 7);
  for (let i = 0; i < 400; i++) {
    const label = `${y}-${String(m).padStart(2, '0')}`;
    out.push(label);
    if (label >= last) break;
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

function zero(vat: number): Totals {
  return { included_minutes: 0, billable_minutes: 0, amount_excluding_vat_cents: 0, vat_rate_basis_points: vat, vat_cents: 0, total_including_vat_cents: 0 };
}

function add(a: Totals, b: Totals): Totals {
  return {
    included_minutes: a.included_minutes + b.included_minutes,
    billable_minutes: a.billable_minutes + b.billable_minutes,
    amount_excluding_vat_cents: a.amount_excluding_vat_cents + b.amount_excluding_vat_cents,
    vat_rate_basis_points: a.vat_rate_basis_points,
    vat_cents: a.vat_cents + b.vat_cents,
    total_including_vat_cents: a.total_including_vat_cents + b.total_including_vat_cents,
  };
}

/** The report's organisations added up per month, every month of `months` (zeros included). */
export function billingMonths(r: BillingSummaryReport, months: string[]): BillingLine[] {
  return months.map((month) =>
    r.months
      .filter((m) => m.month === month)
      .reduce<BillingLine>((acc, m) => ({ month, interventions: acc.interventions + m.interventions, totals: add(acc.totals, m.totals) }), {
        month,
        interventions: 0,
        totals: zero(r.vat_rate_basis_points),
      }),
  );
}

/** The whole period: the organisations' period totals added up (VAT as each organisation's report has it). */
export function billingWhole(r: BillingSummaryReport): BillingLine {
  return r.organizations.reduce<BillingLine>((acc, o) => ({ month: 'period', interventions: acc.interventions + o.interventions, totals: add(acc.totals, o.totals) }), {
    month: 'period',
    interventions: 0,
    totals: zero(r.vat_rate_basis_points),
  });
}
