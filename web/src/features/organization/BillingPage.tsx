import { useId, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { saveBlob } from '../../api/client';
import { isApiProblem } from '../../api/problem';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Card, CardBody, CardHeader } from '../../components/Card';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { TextField } from '../../components/Field';
import { PageHeader } from '../../components/PageHeader';
import { Skeleton } from '../../components/Spinner';
import { Table, type Column } from '../../components/Table';
import { brusselsDate, formatMoneyCents } from '../../i18n/format';
import { useLang } from '../../i18n/useLang';
import { AdminOnly } from './AdminOnly';
import { fetchReportCsv, useBillingReport, useCoverageTable, useOrganization, type BillingReport, type ReportLine } from './api';
import { CoverageMark } from './CoverageMark';
import { formatMinutes, formatRate, formatShortDay } from './format';
import {
  checkPeriod,
  csvFilename,
  matchPreset,
  periodFromParams,
  presetPeriod,
  PRESETS,
  type Period,
} from './period';
import './organization.css';

export default function BillingPage() {
  const { t } = useTranslation('organization');
  return <AdminOnly title={t('billing.title')}>{(orgId) => <Billing orgId={orgId} />}</AdminOnly>;
}

function Billing({ orgId }: { orgId: string }) {
  const { t } = useTranslation('organization');
  const lang = useLang();
  const today = brusselsDate();
  const [params, setParams] = useSearchParams();
  const period = periodFromParams(params, today);
  const org = useOrganization(orgId);
  const report = useBillingReport(orgId, period, lang);

  const setPeriod = (p: Period) => {
    const next = new URLSearchParams(params);
    next.set('from', p.from);
    next.set('to', p.to);
    setParams(next, { replace: true });
  };

  return (
    <>
      <PageHeader eyebrow={org.data?.name ?? '\u00a0'} title={t('billing.title')} sub={t('billing.sub')} />
      <div className="stack">
        <PeriodCard period={period} today={today} onChange={setPeriod} />
        {report.isPending ? (
          <Card>
            <CardBody>
              <Skeleton lines={6} />
            </CardBody>
          </Card>
        ) : report.isError ? (
          <ErrorState error={report.error} onRetry={() => void report.refetch()} title={t('billing.error')} />
        ) : (
          <Report report={report.data} orgId={orgId} orgName={org.data?.name ?? report.data.organization_name} stale={report.isPlaceholderData} lang={lang} />
        )}
      </div>
    </>
  );
}

function PeriodCard({ period, today, onChange }: { period: Period; today: string; onChange: (p: Period) => void }) {
  const { t } = useTranslation('organization');
  const [draft, setDraft] = useState(period);
  const [last, setLast] = useState(period);
  if (last.from !== period.from || last.to !== period.to) {
    setLast(period);
    setDraft(period);
  }
  const [errors, setErrors] = useState<ReturnType<typeof checkPeriod>>({});
  const active = matchPreset(period, today);
  const presetsId = useId();

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const problems = checkPeriod(draft);
    setErrors(problems);
    if (!problems.from && !problems.to) onChange(draft);
  };

  return (
    <Card aria-labelledby="billing-period">
      <CardHeader id="billing-period" title={t('period.title')} />
      <CardBody>
        <div className="stack">
          <div className="org-presets" role="group" aria-labelledby={presetsId}>
            <span id={presetsId} className="field-label">
              {t('period.presets')}
            </span>
            <div className="org-segmented">
              {PRESETS.map((p) => (
                <button
                  key={p}
                  type="button"
                  aria-pressed={active === p}
                  onClick={() => {
                    setErrors({});
                    onChange(presetPeriod(p, today));
                  }}
                >
                  {active === p && (
                    <span className="org-check" aria-hidden="true">
                      ✓{' '}
                    </span>
                  )}
                  {t(`period.preset.${p}`)}
                </button>
              ))}
            </div>
          </div>
          <form className="org-period-form" onSubmit={onSubmit} noValidate>
            <TextField
              label={t('period.from')}
              type="date"
              value={draft.from}
              required
              error={errors.from ? t(`period.error.${errors.from}`) : undefined}
              onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))}
            />
            <TextField
              label={t('period.to')}
              type="date"
              value={draft.to}
              required
              error={errors.to ? t(`period.error.${errors.to}`) : undefined}
              onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))}
            />
            <div className="org-period-submit">
              <Button type="submit" variant="secondary">
                {t('period.show')}
              </Button>
            </div>
          </form>
        </div>
      </CardBody>
    </Card>
  );
}

function Report({ report, orgId, orgName, stale, lang }: { report: BillingReport; orgId: string; orgName: string; stale: boolean; lang: 'nl' | 'en' }) {
  const { t } = useTranslation('organization');
  const table = useCoverageTable();
  const subjectLabel = (code: string) => {
    const row = table.data?.items.find((r) => r.code === code);
    return row ? (lang === 'nl' ? row.label_nl : row.label_en) : code;
  };
  const period: Period = { from: report.from, to: report.to };
  const totals = report.totals;

  const columns: Column<ReportLine>[] = [
    { key: 'date', header: t('report.col.date'), label: t('report.col.date'), cell: (l) => <span className="nowrap">{formatShortDay(l.date, lang)}</span> },
    {
      key: 'ticket',
      header: t('report.col.ticket'),
      label: t('report.col.ticket'),
      main: true,
      cell: (l) => (
        <Link to={`/tickets/${encodeURIComponent(l.ticket_reference)}`} className="mono nowrap">
          {l.ticket_reference}
        </Link>
      ),
    },
    { key: 'subject', header: t('report.col.subject'), label: t('report.col.subject'), cell: (l) => subjectLabel(l.subject) },
    { key: 'agent', header: t('report.col.agent'), label: t('report.col.agent'), cell: (l) => l.agent },
    {
      key: 'minutes',
      header: t('report.col.minutes'),
      label: t('report.col.minutes'),
      cell: (l) => (
        <span className="org-minutes">
          <span>{t('report.worked', { time: formatMinutes(l.minutes, lang) })}</span>
          {l.classification.outcome === 'billable' && (
            <span className="muted small">{t('report.billed', { time: formatMinutes(l.rounded_minutes, lang) })}</span>
          )}
        </span>
      ),
    },
    {
      key: 'outcome',
      header: t('report.col.outcome'),
      label: t('report.col.outcome'),
      cell: (l) => (
        <span className="org-outcome">
          <CoverageMark included={l.classification.outcome === 'included'} />
          <span className="small muted">{l.explanation}</span>
        </span>
      ),
    },
    {
      key: 'amount',
      header: t('report.col.amount'),
      label: t('report.col.amount'),
      cell: (l) => <span className="org-amount">{formatMoneyCents(l.classification.amount_cents, lang)}</span>,
    },
  ];

  if (report.lines.length === 0) {
    return (
      <Card aria-labelledby="billing-lines">
        <CardHeader id="billing-lines" title={t('report.periodTitle', { from: formatShortDay(report.from, lang), to: formatShortDay(report.to, lang) })} />
        <EmptyState title={t('report.empty')} icon="∅">
          {t('report.emptyHint')}
        </EmptyState>
      </Card>
    );
  }

  return (
    <>
      <Card aria-labelledby="billing-totals">
        <CardHeader
          id="billing-totals"
          title={t('report.totalsTitle', { from: formatShortDay(report.from, lang), to: formatShortDay(report.to, lang) })}
          actions={<CsvDownload orgId={orgId} orgName={orgName} period={period} disabled={stale} />}
        />
        <CardBody>
          <dl className="org-totals" aria-busy={stale || undefined}>
            <div>
              <dt>{t('report.totals.interventions')}</dt>
              <dd>{report.lines.length}</dd>
            </div>
            <div>
              <dt>{t('report.totals.included')}</dt>
              <dd>{formatMinutes(totals.included_minutes, lang)}</dd>
            </div>
            <div>
              <dt>{t('report.totals.billable')}</dt>
              <dd>{formatMinutes(totals.billable_minutes, lang)}</dd>
            </div>
            <div>
              <dt>{t('report.totals.excl')}</dt>
              <dd>{formatMoneyCents(totals.amount_excluding_vat_cents, lang)}</dd>
            </div>
            <div>
              <dt>{t('report.totals.vat', { rate: formatRate(totals.vat_rate_basis_points, lang) })}</dt>
              <dd>{formatMoneyCents(totals.vat_cents, lang)}</dd>
            </div>
            <div className="org-totals-grand">
              <dt>{t('report.totals.incl')}</dt>
              <dd>{formatMoneyCents(totals.total_including_vat_cents, lang)}</dd>
            </div>
          </dl>
        </CardBody>
      </Card>
      <Card aria-labelledby="billing-lines">
        <CardHeader id="billing-lines" title={t('report.linesTitle', { count: report.lines.length })} />
        <Table
          caption={t('report.caption', { from: formatShortDay(report.from, lang), to: formatShortDay(report.to, lang) })}
          columns={columns}
          rows={report.lines}
          rowKey={(l) => `${l.date}-${l.ticket_reference}-${l.agent}-${l.minutes}-${l.subject}-${report.lines.indexOf(l)}`}
        />
      </Card>
    </>
  );
}

function CsvDownload({ orgId, orgName, period, disabled }: { orgId: string; orgName: string; period: Period; disabled: boolean }) {
  const { t } = useTranslation('organization');
  const lang = useLang();
  const [delimiter, setDelimiter] = useState<'comma' | 'semicolon'>(lang === 'nl' ? 'semicolon' : 'comma');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const selectId = useId();

  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const blob = await fetchReportCsv(orgId, period, delimiter);
      saveBlob(blob, csvFilename(orgName, period));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="org-csv">
      <label htmlFor={selectId} className="small">
        {t('csv.separator')}
      </label>
      <select id={selectId} className="input org-csv-select" value={delimiter} onChange={(e) => setDelimiter(e.target.value === 'semicolon' ? 'semicolon' : 'comma')}>
        <option value="comma">{t('csv.comma')}</option>
        <option value="semicolon">{t('csv.semicolon')}</option>
      </select>
      <Button size="sm" busy={busy} disabled={disabled} onClick={() => void download()}>
        {busy ? t('csv.downloading') : t('csv.download')}
      </Button>
      {error !== null && (
        <div className="org-csv-error">
          {isApiProblem(error) ? (
            <ErrorState error={error} title={t('csv.failed')} />
          ) : (
            <Alert tone="danger" title={t('csv.failed')} />
          )}
        </div>
      )}
    </div>
  );
}
