import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { saveBlob } from '../../api/client';
import { isApiProblem } from '../../api/problem';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { useLang } from '../../i18n/useLang';
import { fetchReportCsv, type ReportName, type Scope } from './api';
import type { Period } from './period';

interface QueryState {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  isPlaceholderData?: boolean;
  refetch: () => unknown;
}

/**
 * One report on the dashboard: a chart, or (the toggle) the same figures as a table, and
 * the report's CSV from the API. Loading, error (with retry) and empty states.
 */
export function ReportCard({
  title,
  sub,
  csv,
  period,
  org,
  query,
  empty,
  chart,
  table,
  wide,
}: {
  title: string;
  sub: string;
  csv: ReportName;
  period: Period;
  org: Scope;
  query: QueryState;
  /** Nothing to show (a message), or false. */
  empty: string | false;
  chart: () => ReactNode;
  table: () => ReactNode;
  wide?: boolean;
}) {
  const { t } = useTranslation('dashboard');
  const lang = useLang();
  const headingId = useId();
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const [downloading, setDownloading] = useState(false);
  const [csvError, setCsvError] = useState<string | null>(null);

  const download = async () => {
    setDownloading(true);
    setCsvError(null);
    try {
      // Belgian spreadsheets expect semicolons; English ones commas.
      const { blob, filename } = await fetchReportCsv(csv, period, org, lang === 'nl' ? 'semicolon' : 'comma');
      saveBlob(blob, filename);
    } catch (e) {
      setCsvError(isApiProblem(e) && e.code !== 'network' ? e.detail || e.title : t('csv.failed'));
    } finally {
      setDownloading(false);
    }
  };

  const ready = !query.isPending && !query.isError;
  return (
    <Card className={['dash-card', wide ? 'dash-card-wide' : ''].filter(Boolean).join(' ')} aria-labelledby={headingId}>
      <div className="dash-card-head">
        <div>
          <h2 id={headingId}>{title}</h2>
          <p className="dash-card-sub">{sub}</p>
        </div>
        {ready && !empty && (
          <div className="dash-card-actions">
            <div className="dash-toggle" role="group" aria-label={t('view.label', { title })}>
              <button type="button" aria-pressed={view === 'chart'} onClick={() => setView('chart')}>
                {t('view.chart')}
              </button>
              <button type="button" aria-pressed={view === 'table'} onClick={() => setView('table')}>
                {t('view.table')}
              </button>
            </div>
            <Button variant="secondary" size="sm" busy={downloading} onClick={() => void download()} aria-label={t('csv.label', { title })}>
              {downloading ? t('csv.busy') : t('csv.button')}
            </Button>
          </div>
        )}
      </div>
      <div className="dash-card-body" aria-busy={query.isPlaceholderData || undefined}>
        {csvError && (
          <p className="dash-csv-error" role="alert">
            {t('csv.error', { detail: csvError })}
          </p>
        )}
        {query.isPending ? (
          <div className="dash-skeleton" role="status" aria-label={t('loading', { title })}>
            <span className="skeleton dash-skeleton-plot" />
            <span className="skeleton" style={{ width: '60%' }} />
          </div>
        ) : query.isError ? (
          <ErrorState error={query.error} title={t('error', { title })} onRetry={() => void query.refetch()} />
        ) : empty ? (
          <EmptyState title={empty} />
        ) : view === 'chart' ? (
          chart()
        ) : (
          table()
        )}
      </div>
    </Card>
  );
}
