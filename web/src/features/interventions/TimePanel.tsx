import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schema } from '../../api/types';
import { Card, CardBody, CardHeader } from '../../components/Card';
import { DescriptionList } from '../../components/DescriptionList';
import { ErrorState } from '../../components/ErrorState';
import { Skeleton } from '../../components/Spinner';
import { formatMoneyCents } from '../../i18n/format';
import { useLang } from '../../i18n/useLang';
import { useCoverageTable, useInterventions } from './api';
import { InterventionList } from './InterventionList';
import { RecordForm } from './RecordForm';
import { formatMinutes, formatRate } from './time';
import './interventions.css';

type TicketDetail = Schema<'TicketDetail'>;
type Totals = Schema<'Totals'>;

/** Record time on a ticket with its live classification, the totals and the recorded work (staff). */
export function TimePanel({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation('interventions');
  const lang = useLang();
  const headingId = useId();
  const list = useInterventions(ticket.reference, lang);
  const coverage = useCoverageTable();
  const closed = ticket.status === 'closed';
  const subjects = coverage.data?.items ?? [];

  return (
    <Card aria-labelledby={headingId} className="time-panel">
      <CardHeader id={headingId} title={t('title')} />
      <CardBody>
        <div className="stack">
          <p className="small muted time-contract">
            {ticket.coverage.covered
              ? t('contract.covered', { contract: ticket.coverage.contract_number ?? '' })
              : t('contract.none')}
          </p>
          {list.isPending ? (
            <Skeleton lines={3} />
          ) : list.isError ? (
            <ErrorState error={list.error} title={t('error')} onRetry={() => void list.refetch()} />
          ) : (
            <TotalsView totals={list.data.totals} />
          )}
          {!ticket.organization_id ? (
            <p className="muted small">{t('noOrganization')}</p>
          ) : closed ? (
            <p className="muted small">{t('closedTicket')}</p>
          ) : (
            <RecordForm ticket={ticket} subjects={subjects} subjectsLoading={coverage.isPending} />
          )}
          {list.data && <InterventionList ticket={ticket} items={list.data.items} subjects={subjects} readOnly={closed} />}
        </div>
      </CardBody>
    </Card>
  );
}

function TotalsView({ totals }: { totals: Totals }) {
  const { t } = useTranslation('interventions');
  const lang = useLang();
  return (
    <section aria-label={t('totals.title')} className="time-totals">
      <DescriptionList
        items={[
          { term: t('totals.included'), value: formatMinutes(totals.included_minutes, lang) },
          { term: t('totals.billable'), value: formatMinutes(totals.billable_minutes, lang) },
          { term: t('totals.amount'), value: formatMoneyCents(totals.amount_excluding_vat_cents, lang) },
          { term: t('totals.vat', { rate: formatRate(totals.vat_rate_basis_points, lang) }), value: formatMoneyCents(totals.vat_cents, lang) },
          { term: t('totals.total'), value: <strong>{formatMoneyCents(totals.total_including_vat_cents, lang)}</strong> },
        ]}
      />
    </section>
  );
}
