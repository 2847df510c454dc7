import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Lang } from '../../i18n';
import { useLang } from '../../i18n/useLang';
import type { BacklogReport, BillingSummaryReport, FirstResponseReport, Scope, SlaReport, TicketsReport } from './api';
import { BarChartView, type Row, type Series } from './BarChartView';
import { DataTable, type TableColumn, type TableRow } from './DataTable';
import { formatCount, formatEuro, formatMinutes, formatMonth, minuteTicks, formatShare, formatShortDay, shortWeek } from './format';
import { BILLABLE, CHANNEL_STYLE, GREEN, INCLUDED, KIND_STYLE, MEDIAN, MET, MISSED, PRIORITY_STYLE, RED } from './palette';
import type { Period } from './period';
import { billingMonths, billingWhole, monthsOf } from './billing';
import { ReportCard } from './ReportCard';

interface CardProps<T> {
  query: UseQueryResult<T>;
  period: Period;
  org: Scope;
}

const KINDS = ['support', 'issue', 'change_request'] as const;
const PRIORITIES = ['critical', 'high', 'medium', 'low'] as const;
const CHANNELS = ['portal', 'email', 'phone', 'api'] as const;

/** Open tickets now, by kind (groups) and priority (stacked). */
export function BacklogCard({ query, period, org }: CardProps<BacklogReport>) {
  const { t } = useTranslation('dashboard');
  const lang = useLang();
  const r = query.data;
  const count = (kind: string, priority: string) => r?.cells.find((c) => c.kind === kind && c.priority === priority)?.tickets ?? 0;
  const n = (v: number) => formatCount(v, lang);
  const title = t('backlog.title');
  return (
    <ReportCard
      title={title}
      sub={t('backlog.sub')}
      csv="backlog"
      period={period}
      org={org}
      query={query}
      empty={r && r.total === 0 ? t('backlog.empty') : false}
      chart={() => (
        <BarChartView
          summary={t('chartSummary', { title })}
          format={n}
          horizontal
          height={220}
          rows={KINDS.map((k) => ({ label: t(`kind.${k}`), ...Object.fromEntries(PRIORITIES.map((p) => [p, count(k, p)])) }) as Row)}
          series={PRIORITIES.map((p) => ({ key: p, name: t(`priority.${p}`), style: PRIORITY_STYLE[p], stack: 'open' }))}
        />
      )}
      table={() => (
        <DataTable
          caption={t('backlog.caption')}
          headHeader={t('col.kind')}
          columns={[...PRIORITIES.map((p) => ({ key: p, header: t(`priority.${p}`), numeric: true })), { key: 'total', header: t('col.total'), numeric: true }]}
          rows={[
            ...KINDS.map((k) => ({
              key: k,
              head: t(`kind.${k}`),
              cells: { ...Object.fromEntries(PRIORITIES.map((p) => [p, n(count(k, p))])), total: n(PRIORITIES.reduce((s, p) => s + count(k, p), 0)) },
            })),
            {
              key: 'total',
              head: t('col.total'),
              total: true,
              cells: { ...Object.fromEntries(PRIORITIES.map((p) => [p, n(KINDS.reduce((s, k) => s + count(k, p), 0))])), total: n(r?.total ?? 0) },
            },
          ]}
        />
      )}
    />
  );
}

/** SLA compliance per ISO week: first response and resolution, met and missed. */
export function SlaCard({ query, period, org }: CardProps<SlaReport>) {
  const { t } = useTranslation('dashboard');
  const lang = useLang();
  const r = query.data;
  const n = (v: number) => formatCount(v, lang);
  const share = (met: number, missed: number) => formatShare(met, met + missed, lang) ?? '–';
  const title = t('sla.title');
  const judged = r ? r.totals.first_response_met + r.totals.first_response_missed + r.totals.resolution_met + r.totals.resolution_missed : 0;
  const series: Series[] = [
    { key: 'frMet', name: t('sla.frMet'), style: MET, stack: 'fr' },
    { key: 'frMissed', name: t('sla.frMissed'), style: MISSED, stack: 'fr' },
    { key: 'resMet', name: t('sla.resMet'), style: { color: GREEN, pattern: 'dots' }, stack: 'res' },
    { key: 'resMissed', name: t('sla.resMissed'), style: { color: RED, pattern: 'cross' }, stack: 'res' },
  ];
  const columns: TableColumn[] = [
    { key: 'days', header: t('col.days') },
    { key: 'tickets', header: t('col.tickets'), numeric: true },
    { key: 'frMet', header: t('sla.frMet'), numeric: true },
    { key: 'frMissed', header: t('sla.frMissed'), numeric: true },
    { key: 'frShare', header: t('sla.frShare'), numeric: true },
    { key: 'resMet', header: t('sla.resMet'), numeric: true },
    { key: 'resMissed', header: t('sla.resMissed'), numeric: true },
    { key: 'resShare', header: t('sla.resShare'), numeric: true },
  ];
  type F = SlaReport['totals'];
  const cells = (f: F, days: string) => ({
    days,
    tickets: n(f.tickets),
    frMet: n(f.first_response_met),
    frMissed: n(f.first_response_missed),
    frShare: share(f.first_response_met, f.first_response_missed),
    resMet: n(f.resolution_met),
    resMissed: n(f.resolution_missed),
    resShare: share(f.resolution_met, f.resolution_missed),
  });
  return (
    <ReportCard
      title={title}
      sub={t('sla.sub')}
      csv="sla"
      period={period}
      org={org}
      query={query}
      empty={r && r.totals.tickets === 0 ? t('sla.empty') : r && judged === 0 ? t('sla.emptyJudged') : false}
      wide
      chart={() => (
        <BarChartView
          summary={t('chartSummary', { title })}
          format={n}
          series={series}
          rows={(r?.weeks ?? []).map((w) => ({
            label: shortWeek(w.week),
            frMet: w.first_response_met,
            frMissed: w.first_response_missed,
            resMet: w.resolution_met,
            resMissed: w.resolution_missed,
          }))}
        />
      )}
      table={() => (
        <DataTable
          caption={t('sla.caption')}
          headHeader={t('col.week')}
          columns={columns}
          rows={[
            ...(r?.weeks ?? []).map((w) => ({ key: w.week, head: w.week, cells: cells(w, dayRange(w.first_day, w.last_day, lang)) })),
            ...(r ? [{ key: 'total', head: t('col.period'), total: true, cells: cells(r.totals, dayRange(r.from, r.to, lang)) }] : []),
          ]}
        />
      )}
    />
  );
}

function dayRange(from: string, to: string, lang: Lang): string {
  return from === to ? formatShortDay(from, lang) : `${formatShortDay(from, lang)} – ${formatShortDay(to, lang)}`;
}

const billingColumns = (t: (k: string) => string): TableColumn[] => [
  { key: 'interventions', header: t('col.interventions'), numeric: true },
  { key: 'included', header: t('billing.includedMinutes'), numeric: true },
  { key: 'billable', header: t('billing.billableMinutes'), numeric: true },
  { key: 'amount', header: t('billing.amount'), numeric: true },
  { key: 'vat', header: t('billing.vat'), numeric: true },
  { key: 'totalInc', header: t('billing.totalInc'), numeric: true },
];

type Totals = BillingSummaryReport['organizations'][number]['totals'];
function billingCells(interventions: number, x: Totals, lang: Lang) {
  return {
    interventions: formatCount(interventions, lang),
    included: formatMinutes(x.included_minutes, lang),
    billable: formatMinutes(x.billable_minutes, lang),
    amount: formatEuro(x.amount_excluding_vat_cents, lang),
    vat: formatEuro(x.vat_cents, lang),
    totalInc: formatEuro(x.total_including_vat_cents, lang),
  };
}

/** Included versus billable time per month (all organisations added up, or the one picked). */
export function BillingMonthsCard({ query, period, org, wide }: CardProps<BillingSummaryReport> & { wide?: boolean }) {
  const { t } = useTranslation('dashboard');
  const lang = useLang();
  const r = query.data;
  const title = t('billing.monthsTitle');
  const months = r ? billingMonths(r, monthsOf(period)) : [];
  const whole = r ? billingWhole(r) : undefined;
  return (
    <ReportCard
      title={title}
      sub={t('billing.monthsSub')}
      csv="billing"
      period={period}
      org={org}
      query={query}
      wide={wide}
      empty={r && r.months.length === 0 ? t('billing.empty') : false}
      chart={() => (
        <BarChartView
          summary={t('chartSummary', { title })}
          format={(v) => formatMinutes(v, lang)}
          ticks={minuteTicks(Math.max(0, ...months.flatMap((m) => [m.totals.included_minutes, m.totals.billable_minutes])))}
          series={[
            { key: 'included', name: t('billing.includedMinutes'), style: INCLUDED },
            { key: 'billable', name: t('billing.billableMinutes'), style: BILLABLE },
          ]}
          rows={months.map((m) => ({ label: formatMonth(m.month, lang), included: m.totals.included_minutes, billable: m.totals.billable_minutes }))}
        />
      )}
      table={() => (
        <DataTable
          caption={t('billing.monthsCaption')}
          headHeader={t('col.month')}
          columns={billingColumns(t)}
          rows={[
            ...months.map((m) => ({ key: m.month, head: formatMonth(m.month, lang), cells: billingCells(m.interventions, m.totals, lang) })),
            ...(whole ? [{ key: 'total', head: t('col.period'), total: true, cells: billingCells(whole.interventions, whole.totals, lang) }] : []),
          ]}
        />
      )}
    />
  );
}

/** Staff, every organisation: included versus billable time and the amounts per organisation. */
export function BillingOrganizationsCard({ query, period, org }: CardProps<BillingSummaryReport>) {
  const { t } = useTranslation('dashboard');
  const lang = useLang();
  const r = query.data;
  const title = t('billing.orgsTitle');
  const orgs = r?.organizations ?? [];
  return (
    <ReportCard
      title={title}
      sub={t('billing.orgsSub')}
      csv="billing"
      period={period}
      org={org}
      query={query}
      empty={r && orgs.length === 0 ? t('billing.empty') : false}
      chart={() => (
        <BarChartView
          summary={t('chartSummary', { title })}
          format={(v) => formatMinutes(v, lang)}
          horizontal
          height={Math.max(160, 56 * orgs.length + 40)}
          ticks={minuteTicks(Math.max(0, ...orgs.flatMap((o) => [o.totals.included_minutes, o.totals.billable_minutes])))}
          series={[
            { key: 'included', name: t('billing.includedMinutes'), style: INCLUDED },
            { key: 'billable', name: t('billing.billableMinutes'), style: BILLABLE },
          ]}
          rows={orgs.map((o) => ({ label: o.organization_name, included: o.totals.included_minutes, billable: o.totals.billable_minutes }))}
        />
      )}
      table={() => (
        <DataTable
          caption={t('billing.orgsCaption')}
          headHeader={t('col.organization')}
          columns={billingColumns(t)}
          rows={orgs.map((o): TableRow => ({ key: o.organization_id, head: o.organization_name, cells: billingCells(o.interventions, o.totals, lang) }))}
        />
      )}
    />
  );
}

/** Tickets created per month, by channel or by kind (stacked). */
export function TicketsCard({ query, period, org, by }: CardProps<TicketsReport> & { by: 'channel' | 'kind' }) {
  const { t } = useTranslation('dashboard');
  const lang = useLang();
  const r = query.data;
  const n = (v: number) => formatCount(v, lang);
  const title = by === 'channel' ? t('tickets.channelTitle') : t('tickets.kindTitle');
  const keys: readonly string[] = by === 'channel' ? CHANNELS : KINDS;
  const label = (k: string) => (by === 'channel' ? t(`channel.${k}`) : t(`kind.${k}`));
  const style = (k: string) => (by === 'channel' ? CHANNEL_STYLE[k as (typeof CHANNELS)[number]] : KIND_STYLE[k as (typeof KINDS)[number]]);
  const months = r?.months ?? [];
  const counts = (m: TicketsReport['months'][number]): Record<string, number> =>
    by === 'channel' ? Object.fromEntries(m.by_channel.map((c) => [c.channel, c.tickets])) : Object.fromEntries(m.by_kind.map((c) => [c.kind, c.tickets]));
  const total = months.reduce((s, m) => s + m.tickets, 0);
  return (
    <ReportCard
      title={title}
      sub={t('tickets.sub')}
      csv="tickets"
      period={period}
      org={org}
      query={query}
      empty={r && total === 0 ? t('tickets.empty') : false}
      chart={() => (
        <BarChartView
          summary={t('chartSummary', { title })}
          format={n}
          series={keys.map((k) => ({ key: k, name: label(k), style: style(k), stack: 'tickets' }))}
          rows={months.map((m) => ({ label: formatMonth(m.month, lang), ...counts(m) }) as Row)}
        />
      )}
      table={() => (
        <DataTable
          caption={by === 'channel' ? t('tickets.channelCaption') : t('tickets.kindCaption')}
          headHeader={t('col.month')}
          columns={[...keys.map((k) => ({ key: k, header: label(k), numeric: true })), { key: 'total', header: t('col.total'), numeric: true }]}
          rows={[
            ...months.map((m) => {
              const c = counts(m);
              return { key: m.month, head: formatMonth(m.month, lang), cells: { ...Object.fromEntries(keys.map((k) => [k, n(c[k] ?? 0)])), total: n(m.tickets) } };
            }),
            {
              key: 'total',
              head: t('col.period'),
              total: true,
              cells: { ...Object.fromEntries(keys.map((k) => [k, n(months.reduce((s, m) => s + (counts(m)[k] ?? 0), 0))])), total: n(total) },
            },
          ]}
        />
      )}
    />
  );
}

/** The median first-response business time per month, and of the whole period. */
export function FirstResponseCard({ query, period, org }: CardProps<FirstResponseReport>) {
  const { t } = useTranslation('dashboard');
  const lang = useLang();
  const r = query.data;
  const title = t('firstResponse.title');
  const median = (m: number | null | undefined) => (m === null || m === undefined ? t('firstResponse.none') : formatMinutes(m, lang));
  return (
    <ReportCard
      title={title}
      sub={t('firstResponse.sub')}
      csv="first-response"
      period={period}
      org={org}
      query={query}
      empty={r && r.period.answered === 0 ? t('firstResponse.empty') : false}
      chart={() => (
        <>
          <p className="dash-chart-note">
            {t('firstResponse.periodNote', { median: median(r?.period.median_business_minutes), count: r?.period.answered ?? 0, n: formatCount(r?.period.answered ?? 0, lang) })}
          </p>
          <BarChartView
            summary={t('chartSummary', { title })}
            format={(v) => formatMinutes(v, lang)}
            series={[{ key: 'median', name: t('firstResponse.median'), style: MEDIAN }]}
            ticks={minuteTicks(Math.max(0, ...(r?.months ?? []).map((m) => m.median_business_minutes ?? 0)))}
            labels
            rows={(r?.months ?? []).map((m) => ({ label: formatMonth(m.month, lang), median: m.median_business_minutes ?? 0 }))}
          />
        </>
      )}
      table={() => (
        <DataTable
          caption={t('firstResponse.caption')}
          headHeader={t('col.month')}
          columns={[
            { key: 'answered', header: t('firstResponse.answered'), numeric: true },
            { key: 'median', header: t('firstResponse.median'), numeric: true },
          ]}
          rows={[
            ...(r?.months ?? []).map((m) => ({
              key: m.month,
              head: formatMonth(m.month, lang),
              cells: { answered: formatCount(m.answered, lang), median: median(m.median_business_minutes) },
            })),
            ...(r
              ? [{ key: 'period', head: t('col.period'), total: true, cells: { answered: formatCount(r.period.answered, lang), median: median(r.period.median_business_minutes) } }]
              : []),
          ]}
        />
      )}
    />
  );
}
