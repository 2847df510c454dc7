import { useMemo, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isApiProblem } from '../../api/problem';
import { Alert } from '../../components/Alert';
import { AttachmentList } from '../../components/AttachmentList';
import { ButtonLink } from '../../components/Button';
import { Card, CardBody, CardHeader } from '../../components/Card';
import { CopyButton } from '../../components/CopyButton';
import { DescriptionList } from '../../components/DescriptionList';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { SlaBadge } from '../../components/SlaBadge';
import { PageLoading } from '../../components/Spinner';
import { formatDate, formatDateTime } from '../../i18n/format';
import { useLang } from '../../i18n/useLang';
import {
  useAttachments,
  useCoverageTable,
  useDeskTicket,
  useRules,
  useStaff,
  type TicketDetail,
} from './api';
import { Composer } from './Composer';
import { KindBadge, PriorityBadge, StatusBadge } from './DeskBadges';
import { DeskThread } from './DeskThread';
import { History } from './History';
import { TriagePanel } from './TriagePanel';
import { AssignForm, StatusForm } from './WorkForms';
import './desk.css';

export type { TicketDetail } from './api';

/**
 * The staff ticket page (thread with internal notes, history, assignment, status, triage).
 * `panels` renders the booking and time panels of other features beside it (composed in
 * app/ConsoleTicketPage.tsx, since a feature never imports another).
 */
export function TicketDesk({ panels }: { panels: (ticket: TicketDetail) => ReactNode }) {
  const { reference = '' } = useParams();
  const { t } = useTranslation('desk');
  const ticket = useDeskTicket(reference);

  // Only the first load shows a spinner: a live refetch keeps the page (and the composer) as it is.
  if (ticket.isPending) return <PageLoading />;
  if (ticket.isError) {
    const e = ticket.error;
    const missing = isApiProblem(e) && (e.status === 404 || e.status === 400);
    return (
      <>
        <PageHeader title={missing ? t('notFoundTitle') : t('error')} sub={missing ? t('notFound', { reference }) : undefined} />
        {!missing && <ErrorState error={e} title={t('error')} onRetry={() => void ticket.refetch()} />}
        <ButtonLink to="/console" variant="ghost">
          ← {t('back')}
        </ButtonLink>
      </>
    );
  }
  // Keyed by the ticket: a draft in the composer never follows the agent to another ticket.
  return <Desk key={reference} ticket={ticket.data} panels={panels} />;
}

function Desk({ ticket, panels }: { ticket: TicketDetail; panels: (ticket: TicketDetail) => ReactNode }) {
  const { t } = useTranslation('desk');
  const lang = useLang();
  const closed = ticket.status === 'closed';
  const staff = useStaff();
  const rules = useRules();
  const attachments = useAttachments(ticket.reference);
  const subjects = useCoverageTable();

  // The history names who did what itself; assignees (staff) are named from the staff list.
  const staffNames = useMemo(() => new Map((staff.data ?? []).map((u) => [u.id, u.display_name])), [staff.data]);
  const ruleNames = useMemo(() => new Map((rules.data ?? []).map((r) => [r.id, r.name])), [rules.data]);

  const orgName = ticket.organization_name ?? null;
  const assigneeName = ticket.assignee_name ?? null;
  const subject = subjects.data?.items.find((s) => s.code === ticket.category);
  const questionFiles = (attachments.data ?? []).filter((a) => !a.comment_id);
  const channel = t(`channel.${ticket.channel}`);
  const coverage = ticket.coverage.covered
    ? ticket.coverage.until
      ? t('details.coveredUntil', { contract: ticket.coverage.contract_number ?? '', until: formatDate(ticket.coverage.until, lang) })
      : t('details.covered', { contract: ticket.coverage.contract_number ?? '' })
    : t('details.notCovered');

  return (
    <>
      <p className="breadcrumb">
        <Link to="/console">← {t('back')}</Link>
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
          <span className="desk-head">
            <span className="desk-head-badges">
              <StatusBadge status={ticket.status} />
              <KindBadge kind={ticket.kind} />
              <PriorityBadge priority={ticket.priority} />
              <SlaBadge ticket={ticket} focusable />
            </span>
            <span className="desk-head-who">
              {[ticket.requester_name, orgName, t('head.via', { channel })].filter(Boolean).join(' · ')}
            </span>
          </span>
        }
      />
      {closed && (
        <div className="desk-readonly">
          <Alert tone="info" live={false}>
            <p>{t('readOnly')}</p>
          </Alert>
        </div>
      )}
      <div className="grid-2 desk-grid">
        <div className="stack desk-col">
          <Card aria-labelledby="desk-question">
            <CardHeader id="desk-question" title={t('question.title')} />
            <CardBody>
              <div className="stack-sm">
                <p className="small muted" style={{ margin: 0 }}>
                  {t('question.meta', { name: ticket.requester_name, when: formatDateTime(ticket.created_at, lang) })}
                </p>
                <div className="prewrap">{ticket.description}</div>
                <AttachmentList reference={ticket.reference} files={questionFiles} />
              </div>
            </CardBody>
          </Card>
          <Card aria-labelledby="desk-thread">
            <CardHeader id="desk-thread" title={t('thread.title')} />
            <CardBody>
              <DeskThread reference={ticket.reference} />
            </CardBody>
          </Card>
          {!closed && (
            <Card aria-labelledby="desk-composer">
              <CardHeader id="desk-composer" title={t('composer.title')} />
              <CardBody>
                <Composer reference={ticket.reference} requesterName={ticket.requester_name} />
              </CardBody>
            </Card>
          )}
          <Card aria-labelledby="desk-history">
            <CardHeader id="desk-history" title={t('history.title')} />
            <CardBody>
              <History reference={ticket.reference} staffNames={staffNames} rules={ruleNames} />
            </CardBody>
          </Card>
        </div>
        <div className="stack desk-col">
          <Card aria-labelledby="desk-details">
            <CardHeader id="desk-details" title={t('details.title')} />
            <CardBody>
              <div className="stack">
                <DescriptionList
                  items={[
                    { term: t('details.requester'), value: ticket.requester_name },
                    { term: t('details.organization'), value: orgName ?? t('details.noOrganization') },
                    { term: t('details.channel'), value: channel },
                    { term: t('details.coverage'), value: coverage },
                    { term: t('details.assignee'), value: assigneeName ?? t('details.nobody') },
                    { term: t('details.category'), value: subject ? (lang === 'nl' ? subject.label_nl : subject.label_en) : (ticket.category ?? t('details.noCategory')) },
                    { term: t('details.created'), value: <time dateTime={ticket.created_at}>{formatDateTime(ticket.created_at, lang)}</time> },
                    { term: t('details.updated'), value: <time dateTime={ticket.updated_at}>{formatDateTime(ticket.updated_at, lang)}</time> },
                  ]}
                />
                <AssignForm ticket={ticket} disabled={closed} />
                <StatusForm ticket={ticket} disabled={closed} />
              </div>
            </CardBody>
          </Card>
          <Card aria-labelledby="desk-triage">
            <CardHeader id="desk-triage" title={t('triage.title')} />
            <CardBody>
              <TriagePanel ticket={ticket} disabled={closed} />
            </CardBody>
          </Card>
          {panels(ticket)}
        </div>
      </div>
    </>
  );
}
