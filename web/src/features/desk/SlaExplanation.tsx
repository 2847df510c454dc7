import { useTranslation } from 'react-i18next';
import { Badge } from '../../components/Badge';
import { ErrorState } from '../../components/ErrorState';
import { Skeleton } from '../../components/Spinner';
import { formatDateTime } from '../../i18n/format';
import { useLang } from '../../i18n/useLang';
import { useSla, type TicketDetail } from './api';
import { durationWords } from './duration';

/**
 * Why the due times lie where they do, in words: the priority's policy, then per target the
 * API's own sentence ("due Monday 14:30: 4 business hours from …") and what it skipped.
 */
export function SlaExplanation({ ticket }: { ticket: Pick<TicketDetail, 'reference' | 'resolved_at'> }) {
  const { t } = useTranslation('desk');
  const lang = useLang();
  const sla = useSla(ticket.reference);
  if (sla.isPending) return <Skeleton lines={3} />;
  if (sla.isError) return <ErrorState error={sla.error} title={t('sla.error')} onRetry={() => void sla.refetch()} />;
  const s = sla.data;
  const when = (v: string) => formatDateTime(v, lang);
  const targets = [
    { key: 'firstResponse', view: s.first_response, doneAt: s.first_response_at, done: 'sla.met' },
    { key: 'resolution', view: s.resolution, doneAt: ticket.resolved_at, done: 'sla.resolved' },
  ] as const;
  return (
    <div className="stack-sm">
      <p className="small">
        {t('sla.policy', {
          priority: t(`priority.${s.policy.priority}`),
          first: durationWords(s.policy.first_response_minutes, t),
          resolution: durationWords(s.policy.resolution_minutes, t),
        })}
      </p>
      {(s.breached || s.at_risk) && (
        <p>
          <Badge tone={s.breached ? 'danger' : 'warning'}>{t(s.breached ? 'sla.breached' : 'sla.atRisk')}</Badge>
        </p>
      )}
      <dl className="desk-sla">
        {targets.map(({ key, view, doneAt, done }) => (
          <div key={key} className="desk-sla-target">
            <dt>{t(`sla.${key}`)}</dt>
            <dd>
              <p className="desk-sla-when">
                <time dateTime={doneAt ?? view.due_at}>{doneAt ? t(done, { when: when(doneAt) }) : t('sla.due', { when: when(view.due_at) })}</time>
              </p>
              <p className="small">{view.explanation}</p>
              {view.skipped.length > 0 && (
                <div className="small">
                  <span className="muted">{t('sla.skipped')}:</span>
                  <ul className="desk-sla-skipped">
                    {view.skipped.map((x, i) => (
                      <li key={i}>{x}</li>
                    ))}
                  </ul>
                </div>
              )}
            </dd>
          </div>
        ))}
      </dl>
      {s.paused_minutes > 0 && <p className="small">{t('sla.paused', { duration: durationWords(s.paused_minutes, t) })}</p>}
      {s.paused_since && <p className="small">{t('sla.pausedSince', { when: when(s.paused_since) })}</p>}
    </div>
  );
}
