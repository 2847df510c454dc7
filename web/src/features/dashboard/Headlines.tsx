import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../i18n/useLang';
import type { BacklogReport, BillingSummaryReport, FirstResponseReport, SlaReport } from './api';
import { formatCount, formatEuro, formatMinutes, formatShare } from './format';

/** The four figures on top: open now, SLA met, billable in the period, median first response. */
export function Headlines({
  backlog,
  sla,
  billing,
  firstResponse,
  staff,
}: {
  backlog: UseQueryResult<BacklogReport>;
  sla: UseQueryResult<SlaReport>;
  billing: UseQueryResult<BillingSummaryReport>;
  firstResponse: UseQueryResult<FirstResponseReport>;
  staff: boolean;
}) {
  const { t } = useTranslation('dashboard');
  const lang = useLang();
  const totals = sla.data?.totals;
  const frJudged = totals ? totals.first_response_met + totals.first_response_missed : 0;
  const resJudged = totals ? totals.resolution_met + totals.resolution_missed : 0;
  const billable = billing.data?.organizations.reduce((sum, o) => sum + o.totals.amount_excluding_vat_cents, 0);
  const billableMinutes = billing.data?.organizations.reduce((sum, o) => sum + o.totals.billable_minutes, 0);
  const median = firstResponse.data?.period.median_business_minutes;
  return (
    <section aria-labelledby="dash-headlines">
      <h2 id="dash-headlines" className="visually-hidden">
        {t('headlines')}
      </h2>
      <dl className="dash-headlines">
      <Figure
        label={t('headline.open')}
        query={backlog}
        value={backlog.data ? formatCount(backlog.data.total, lang) : ''}
        note={t('headline.openNote')}
      />
      <Figure
        label={t('headline.sla')}
        query={sla}
        value={totals ? (formatShare(totals.first_response_met, frJudged, lang) ?? t('headline.none')) : ''}
        note={
          totals
            ? t('headline.slaNote', {
                met: formatCount(totals.first_response_met, lang),
                judged: formatCount(frJudged, lang),
                resolution: formatShare(totals.resolution_met, resJudged, lang) ?? t('headline.none'),
              })
            : ''
        }
      />
      <Figure
        label={staff ? t('headline.billableStaff') : t('headline.billable')}
        query={billing}
        value={billable !== undefined ? formatEuro(billable, lang) : ''}
        note={billableMinutes !== undefined ? t('headline.billableNote', { time: formatMinutes(billableMinutes, lang) }) : ''}
      />
      <Figure
        label={t('headline.median')}
        query={firstResponse}
        value={median === undefined ? '' : median === null ? t('headline.none') : formatMinutes(median, lang)}
        note={firstResponse.data ? t('headline.medianNote', { count: firstResponse.data.period.answered, n: formatCount(firstResponse.data.period.answered, lang) }) : ''}
      />
      </dl>
    </section>
  );
}

function Figure({ label, value, note, query }: { label: string; value: string; note: string; query: UseQueryResult<unknown> }) {
  const { t } = useTranslation('dashboard');
  return (
    <div className="dash-figure">
      <dt>{label}</dt>
      <dd>
        {query.isPending ? (
          <span className="skeleton dash-figure-skeleton" role="status" aria-label={t('loadingShort')} />
        ) : query.isError ? (
          <span className="dash-figure-error">{t('headline.unavailable')}</span>
        ) : (
          <>
            <span className="dash-figure-value">{value}</span>
            <span className="dash-figure-note">{note}</span>
          </>
        )}
      </dd>
    </div>
  );
}
