import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Badge, type Tone } from '../../components/Badge';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { Skeleton } from '../../components/Spinner';
import { Table, type Column } from '../../components/Table';
import { useLang } from '../../i18n/useLang';
import { formatDateTime } from '../../i18n/format';
import { useDeliveries, useRedeliver, type Delivery, type Webhook } from './api';
import { deliveryState, errorInWords, eventKey, formatDuration, type DeliveryState } from './delivery';

const TONE: Record<DeliveryState, Tone> = { delivered: 'success', failed: 'danger', pending: 'info', retrying: 'warning' };
/** Rows shown at first and added by "show more" (the API answers the newest 200). */
const STEP = 20;
const API_LIMIT = 200;

/** One webhook's delivery log: what was sent, how it went, and redeliver. */
export function DeliveryLog({ webhook }: { webhook: Webhook }) {
  const { t } = useTranslation('webhooks');
  const lang = useLang();
  const log = useDeliveries(webhook.id);
  const redeliver = useRedeliver(webhook.id);
  const [shown, setShown] = useState(STEP);
  const [notice, setNotice] = useState<{ tone: 'success' | 'danger'; text: string } | null>(null);

  const again = async (d: Delivery) => {
    setNotice(null);
    try {
      await redeliver.mutateAsync(d.id);
      setNotice({ tone: 'success', text: t(webhook.active ? 'log.requeued' : 'log.requeuedPaused', { event: t(`event.${eventKey(d.event_type)}.name`, { defaultValue: d.event_type }) }) });
    } catch (e) {
      setNotice({ tone: 'danger', text: e instanceof Error ? e.message : t('common:error.unexpected') });
    }
  };

  const columns: Column<Delivery>[] = [
    {
      key: 'event',
      header: t('log.event'),
      label: t('log.event'),
      main: true,
      cell: (d) => (
        <span className="stack-sm webhooks-cell">
          <strong>{t(`event.${eventKey(d.event_type)}.name`, { defaultValue: d.event_type })}</strong>
          <span className="small muted">{formatDateTime(d.created_at, lang)}</span>
        </span>
      ),
    },
    {
      key: 'status',
      header: t('log.status'),
      label: t('log.status'),
      cell: (d) => {
        const state = deliveryState(d);
        return (
          <span className="stack-sm webhooks-cell">
            <span>
              <Badge tone={TONE[state]}>{t(`state.${state}`)}</Badge>
            </span>
            {state === 'delivered' && d.delivered_at && (
              <span className="small muted">{t('log.deliveredAt', { at: formatDateTime(d.delivered_at, lang) })}</span>
            )}
            {(state === 'retrying' || state === 'pending') && (
              <span className="small muted">{t('log.nextAttempt', { at: formatDateTime(d.next_attempt_at, lang) })}</span>
            )}
            {d.last_error && state !== 'delivered' && (
              <span className="small webhooks-error" title={d.last_error}>
                {errorInWords(d.last_error, t)}
              </span>
            )}
          </span>
        );
      },
    },
    { key: 'attempts', header: t('log.attempts'), label: t('log.attempts'), cell: (d) => d.attempts },
    {
      key: 'code',
      header: t('log.code'),
      label: t('log.code'),
      cell: (d) =>
        d.last_status_code != null ? (
          <span className="webhooks-num">{d.last_status_code}</span>
        ) : (
          <span className="muted">{d.attempts > 0 ? t('log.noAnswer') : t('log.notYet')}</span>
        ),
    },
    {
      key: 'time',
      header: t('log.duration'),
      label: t('log.duration'),
      cell: (d) =>
        d.last_duration_ms != null ? (
          <span className="webhooks-num">{formatDuration(d.last_duration_ms, lang)}</span>
        ) : (
          <span className="muted">{t('log.notYet')}</span>
        ),
    },
    {
      key: 'actions',
      header: <span className="visually-hidden">{t('log.actions')}</span>,
      label: '',
      cell: (d) =>
        deliveryState(d) === 'pending' ? null : (
          <Button
            variant="secondary"
            size="sm"
            busy={redeliver.isPending && redeliver.variables === d.id}
            onClick={() => void again(d)}
            aria-label={t('log.redeliverOne', {
              event: t(`event.${eventKey(d.event_type)}.name`, { defaultValue: d.event_type }),
              at: formatDateTime(d.created_at, lang),
            })}
          >
            {t('log.redeliver')}
          </Button>
        ),
    },
  ];

  const rows = log.data ?? [];
  return (
    <div className="stack">
      <div className="row-between">
        <p className="small muted webhooks-break">{t('log.intro')}</p>
        <Button variant="secondary" size="sm" busy={log.isFetching} onClick={() => void log.refetch()}>
          {t('log.refresh')}
        </Button>
      </div>
      {!webhook.active && <Alert tone="info">{t('log.paused')}</Alert>}
      {notice && <Alert tone={notice.tone}>{notice.text}</Alert>}
      {log.isPending ? (
        <Skeleton lines={4} />
      ) : log.isError ? (
        <ErrorState error={log.error} title={t('log.error')} onRetry={() => void log.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title={t('log.empty')}>{t('log.emptyBody')}</EmptyState>
      ) : (
        <>
          <Table caption={t('log.caption', { url: webhook.url })} columns={columns} rows={rows.slice(0, shown)} rowKey={(d) => d.id} />
          <p className="small muted" aria-live="polite">
            {t('log.count', { shown: Math.min(shown, rows.length), total: rows.length })}
            {rows.length >= API_LIMIT && ` ${t('log.limit', { limit: API_LIMIT })}`}
          </p>
          {rows.length > shown && (
            <div>
              <Button variant="secondary" onClick={() => setShown((n) => n + STEP)}>
                {t('log.more')}
              </Button>
            </div>
          )}
        </>
      )}
    </div>
  );
}
