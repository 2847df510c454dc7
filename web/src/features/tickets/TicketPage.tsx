import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { isApiProblem } from '../../api/problem';
import { useUser } from '../../api/useSession';
import type { Schema } from '../../api/types';
import { Alert } from '../../components/Alert';
import { AttachmentList } from '../../components/AttachmentList';
import { Button, ButtonLink } from '../../components/Button';
import { Card, CardBody, CardHeader } from '../../components/Card';
import { CopyButton } from '../../components/CopyButton';
import { DescriptionList } from '../../components/DescriptionList';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { PageLoading } from '../../components/Spinner';
import { formatDateTime } from '../../i18n/format';
import { useLang } from '../../i18n/useLang';
import { updateUrgency, useAttachments, useCoverageTable, useTicket, type TicketDetail } from './api';
import { Appointments } from './Appointments';
import { KindBadge, PriorityBadge, StatusBadge } from './Badges';
import { LookupForm } from './LookupForm';
import { ticketKeys } from './keys';
import { URGENCIES } from './labels';
import { ReplyForm } from './ReplyForm';
import { Thread } from './Thread';
import './tickets.css';

export default function TicketPage() {
  const { reference = '' } = useParams();
  const { t } = useTranslation('tickets');
  const ticket = useTicket(reference);

  if (ticket.isPending) return <PageLoading />;
  if (ticket.isError) {
    const e = ticket.error;
    if (isApiProblem(e) && (e.status === 404 || e.status === 400)) {
      return (
        <>
          <PageHeader title={t('ticket.notFoundTitle')} sub={t('ticket.notFound', { reference })} />
          <Card className="form-card" aria-labelledby="lookup-again">
            <CardBody>
              <div className="stack">
                <h2 id="lookup-again" className="aside-title">
                  {t('lookup.title')}
                </h2>
                <LookupForm />
                <div>
                  <ButtonLink to="/tickets" variant="ghost">
                    ← {t('ticket.back')}
                  </ButtonLink>
                </div>
              </div>
            </CardBody>
          </Card>
        </>
      );
    }
    return (
      <>
        <PageHeader title={t('ticket.error')} />
        <ErrorState error={e} title={t('ticket.error')} onRetry={() => void ticket.refetch()} />
      </>
    );
  }
  return <TicketView ticket={ticket.data} />;
}

function TicketView({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation('tickets');
  const lang = useLang();
  const user = useUser();
  const attachments = useAttachments(ticket.reference);
  const coverageTable = useCoverageTable();
  const closed = ticket.status === 'closed';
  const questionFiles = (attachments.data ?? []).filter((a) => !a.comment_id);
  const subject = coverageTable.data?.items.find((s) => s.code === ticket.category);
  const requester =
    ticket.requester_id === user?.id ? t('thread.youName', { name: ticket.requester_name }) : ticket.requester_name;

  return (
    <>
      <p className="breadcrumb">
        <Link to="/tickets">← {t('ticket.back')}</Link>
      </p>
      <PageHeader
        eyebrow={
          <span className="row" style={{ gap: 8 }}>
            <span className="mono">{ticket.reference}</span>
            <CopyButton text={ticket.reference} />
          </span>
        }
        title={ticket.subject}
        docTitle={`${ticket.reference} ${ticket.subject}`}
        sub={
          <span className="ticket-head-meta">
            <StatusBadge status={ticket.status} />
            <KindBadge kind={ticket.kind} />
          </span>
        }
      />
      <div className="grid-2 ticket-grid">
        <div className="stack ticket-col">
          <div className="o-status">
          <Alert tone={ticket.status === 'pending_customer' ? 'warning' : ticket.status === 'resolved' ? 'success' : 'info'} live={false}>
            <p className="alert-title">
              {t('ticket.status')}: {t(`status.${ticket.status}`)}
            </p>
            <p>{t(`statusExplain.${ticket.status}`)}</p>
            <p>
              <strong>{t(`kind.${ticket.kind}`)}</strong> — {t(`kindExplain.${ticket.kind}`)}
            </p>
          </Alert>
          </div>
          <Card className="o-question" aria-labelledby="question-heading">
            <CardHeader id="question-heading" title={ticket.requester_id === user?.id ? t('ticket.question') : t('ticket.questionBy')} />
            <CardBody>
              <div className="stack-sm">
                <p className="small muted" style={{ margin: 0 }}>
                  {requester ? `${requester} · ` : ''}
                  <time dateTime={ticket.created_at}>{formatDateTime(ticket.created_at, lang)}</time>
                </p>
                <div className="prewrap">{ticket.description}</div>
                <AttachmentList reference={ticket.reference} files={questionFiles} />
              </div>
            </CardBody>
          </Card>
          <Card className="o-thread" aria-labelledby="thread-heading">
            <CardHeader id="thread-heading" title={t('thread.title')} />
            <CardBody>
              <Thread reference={ticket.reference} />
            </CardBody>
          </Card>
          <Card className="o-reply" aria-labelledby="reply-heading">
            <CardHeader id="reply-heading" title={t('reply.title')} />
            <CardBody>{closed ? <p className="muted">{t('reply.closed')}</p> : <ReplyForm reference={ticket.reference} />}</CardBody>
          </Card>
        </div>
        <div className="stack ticket-col">
          <Card className="o-appts" aria-labelledby="appointments-heading">
            <CardHeader id="appointments-heading" title={t('appointments.title')} />
            <CardBody>
              <Appointments reference={ticket.reference} readOnly={closed} />
            </CardBody>
          </Card>
          <Card className="o-details" aria-labelledby="details-heading">
            <CardHeader id="details-heading" title={t('ticket.details')} />
            <CardBody>
              <DescriptionList
                items={[
                  { term: t('ticket.reference'), value: <span className="mono">{ticket.reference}</span> },
                  { term: t('ticket.status'), value: <StatusBadge status={ticket.status} /> },
                  { term: t('ticket.kind'), value: <KindBadge kind={ticket.kind} /> },
                  {
                    term: t('ticket.priority'),
                    value: (
                      <span title={t('priority.explain')}>
                        <PriorityBadge priority={ticket.priority} />
                      </span>
                    ),
                  },
                  { term: t('ticket.urgency'), value: t(`urgency.${ticket.urgency}`) },
                  ...(subject ? [{ term: t('ticket.category'), value: lang === 'nl' ? subject.label_nl : subject.label_en }] : []),
                  ...(requester ? [{ term: t('ticket.requester'), value: requester }] : []),
                  { term: t('ticket.created'), value: <time dateTime={ticket.created_at}>{formatDateTime(ticket.created_at, lang)}</time> },
                  { term: t('ticket.updated'), value: <time dateTime={ticket.updated_at}>{formatDateTime(ticket.updated_at, lang)}</time> },
                  {
                    term: t('ticket.coverage'),
                    value: ticket.coverage.covered
                      ? t('ticket.covered', { contract: ticket.coverage.contract_number ?? '' })
                      : t('ticket.notCovered'),
                  },
                ]}
              />
              {!closed && <UrgencyForm ticket={ticket} />}
            </CardBody>
          </Card>
        </div>
      </div>
    </>
  );
}

function UrgencyForm({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation('tickets');
  const queryClient = useQueryClient();
  const [value, setValue] = useState<Schema<'Urgency'>>(ticket.urgency);
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<{ tone: 'success' | 'danger'; text: string } | null>(null);
  return (
    <form
      className="stack-sm"
      style={{ marginTop: 16 }}
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setMsg(null);
        try {
          const updated = await updateUrgency(ticket.reference, value);
          queryClient.setQueryData(ticketKeys.detail(ticket.reference), { ...ticket, ...updated });
          void queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
          setMsg({ tone: 'success', text: t('ticket.urgencySaved') });
        } catch (err) {
          setMsg({ tone: 'danger', text: isApiProblem(err) ? err.detail : t('common:error.unexpected') });
        } finally {
          setBusy(false);
        }
      }}
    >
      <label className="field-label" htmlFor="urgency-select">
        {t('ticket.changeUrgency')}
      </label>
      <div className="row">
        <select
          id="urgency-select"
          className="input"
          style={{ flex: '1 1 160px', width: 'auto' }}
          value={value}
          onChange={(e) => setValue(e.target.value as Schema<'Urgency'>)}
        >
          {URGENCIES.map((u) => (
            <option key={u} value={u}>
              {t(`urgency.${u}`)}
            </option>
          ))}
        </select>
        <Button type="submit" variant="secondary" busy={busy} disabled={value === ticket.urgency}>
          {t('common:action.save')}
        </Button>
      </div>
      {msg && (
        <Alert tone={msg.tone} title={msg.tone === 'danger' ? t('ticket.urgencyRefused') : undefined}>
          <p>{msg.text}</p>
        </Alert>
      )}
    </form>
  );
}
