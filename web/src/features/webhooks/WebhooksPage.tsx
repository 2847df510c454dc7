import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Card, CardBody, CardHeader } from '../../components/Card';
import { Dialog } from '../../components/Dialog';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { Skeleton } from '../../components/Spinner';
import { Table, type Column } from '../../components/Table';
import { AdminNav } from '../admin/AdminNav';
import { useDeleteWebhook, useWebhooks, type Webhook } from './api';
import { DeliveryLog } from './DeliveryLog';
import { eventKey } from './delivery';
import { SignatureHelp } from './SignatureHelp';
import { WebhookDialog } from './WebhookDialog';
import './webhooks.css';

/**
 * `/admin/webhooks`: where Loket POSTs signed events. List, add (the secret shown once), edit,
 * pause, delete, and each webhook's delivery log with redeliver. `?log=<id>` picks the log.
 */
export default function WebhooksPage() {
  const { t } = useTranslation('webhooks');
  const hooks = useWebhooks();
  const [params, setParams] = useSearchParams();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Webhook | null>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const list = hooks.data ?? [];
  const picked = list.find((w) => w.id === params.get('log')) ?? list[0];
  const showLog = (w: Webhook) => {
    setParams((p) => {
      const next = new URLSearchParams(p);
      next.set('log', w.id);
      return next;
    }, { replace: true });
    requestAnimationFrame(() => document.getElementById('webhook-log')?.focus());
  };
  const closed = (text?: string) => {
    if (text) setNotice(text);
  };

  const columns: Column<Webhook>[] = [
    {
      key: 'url',
      header: t('list.url'),
      label: t('list.url'),
      main: true,
      cell: (w) => <span className="webhooks-url">{w.url}</span>,
    },
    {
      key: 'events',
      header: t('list.events'),
      label: t('list.events'),
      cell: (w) => (
        <ul className="webhooks-event-list">
          {w.event_types.map((e) => (
            <li key={e}>{t(`event.${eventKey(e)}.name`)}</li>
          ))}
        </ul>
      ),
    },
    {
      key: 'active',
      header: t('list.status'),
      label: t('list.status'),
      cell: (w) => (w.active ? <Badge tone="success">{t('list.active')}</Badge> : <Badge tone="neutral">{t('list.paused')}</Badge>),
    },
    {
      key: 'actions',
      header: <span className="visually-hidden">{t('list.actions')}</span>,
      label: '',
      cell: (w) => (
        <div className="row webhooks-actions">
          <Button
            variant={picked?.id === w.id ? 'primary' : 'secondary'}
            size="sm"
            aria-pressed={picked?.id === w.id}
            aria-label={t('list.logOf', { url: w.url })}
            onClick={() => showLog(w)}
          >
            {t('list.log')}
          </Button>
          <Button variant="secondary" size="sm" aria-label={t('list.editOf', { url: w.url })} onClick={() => setEditing(w)}>
            {t('list.edit')}
          </Button>
          <Button variant="ghost" size="sm" aria-label={t('list.deleteOf', { url: w.url })} onClick={() => setDeleting(w)}>
            {t('list.delete')}
          </Button>
        </div>
      ),
    },
  ];

  return (
    <>
      <AdminNav />
      <PageHeader
        title={t('title')}
        sub={t('sub')}
        actions={
          <Button
            onClick={() => {
              setNotice(null);
              setAdding(true);
            }}
          >
            {t('list.add')}
          </Button>
        }
      />
      <div className="stack">
        {notice && <Alert tone="success">{notice}</Alert>}
        <Card aria-labelledby="webhooks-list-title">
          <CardHeader id="webhooks-list-title" title={t('list.title')} />
          <CardBody>
            {hooks.isPending ? (
              <Skeleton lines={3} />
            ) : hooks.isError ? (
              <ErrorState error={hooks.error} title={t('list.error')} onRetry={() => void hooks.refetch()} />
            ) : list.length === 0 ? (
              <EmptyState title={t('list.empty')} action={<Button onClick={() => setAdding(true)}>{t('list.add')}</Button>}>
                {t('list.emptyBody')}
              </EmptyState>
            ) : (
              <Table caption={t('list.title')} columns={columns} rows={list} rowKey={(w) => w.id} />
            )}
            <div className="webhooks-help-wrap">
              <SignatureHelp />
            </div>
          </CardBody>
        </Card>
        {picked && (
          <Card aria-labelledby="webhook-log">
            <CardHeader
              title={
                <span id="webhook-log" tabIndex={-1} className="webhooks-log-title">
                  {t('log.title')}
                  <span className="webhooks-url webhooks-log-url">{picked.url}</span>
                </span>
              }
            />
            <CardBody>
              <DeliveryLog key={picked.id} webhook={picked} />
            </CardBody>
          </Card>
        )}
      </div>
      {adding && (
        <WebhookDialog
          onClose={(text) => {
            setAdding(false);
            closed(text);
          }}
        />
      )}
      {editing && (
        <WebhookDialog
          webhook={editing}
          onClose={(text) => {
            setEditing(null);
            closed(text);
          }}
        />
      )}
      {deleting && (
        <DeleteDialog
          webhook={deleting}
          onClose={(text) => {
            setDeleting(null);
            closed(text);
          }}
        />
      )}
    </>
  );
}

function DeleteDialog({ webhook, onClose }: { webhook: Webhook; onClose: (notice?: string) => void }) {
  const { t } = useTranslation('webhooks');
  const remove = useDeleteWebhook();
  const [error, setError] = useState<string | null>(null);
  return (
    <Dialog open onClose={() => onClose()} title={t('delete.title')}>
      <div className="stack">
        <p>{t('delete.body')}</p>
        <p className="webhooks-url">
          <strong>{webhook.url}</strong>
        </p>
        {error && (
          <Alert tone="danger">
            <p>{error}</p>
          </Alert>
        )}
        <div className="dialog-actions">
          <Button variant="secondary" onClick={() => onClose()}>
            {t('form.cancel')}
          </Button>
          <Button
            variant="danger"
            busy={remove.isPending}
            onClick={async () => {
              setError(null);
              try {
                await remove.mutateAsync(webhook.id);
                onClose(t('notice.deleted', { url: webhook.url }));
              } catch (e) {
                setError(e instanceof Error ? e.message : t('common:error.unexpected'));
              }
            }}
          >
            {t('delete.confirm')}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
