import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../api/useSession';
import { Button, ButtonLink } from '../../components/Button';
import { Card } from '../../components/Card';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { Skeleton } from '../../components/Spinner';
import { Table, type Column } from '../../components/Table';
import { formatDateTime, formatRelative } from '../../i18n/format';
import { useLang } from '../../i18n/useLang';
import { useOrganization, useTicketList, type TicketListItem } from './api';
import { KindBadge, StatusBadge } from './Badges';
import type { TicketListParams } from './keys';
import { LookupForm } from './LookupForm';
import './tickets.css';

const FILTERS = ['open', 'closed', 'all'] as const;
const FILTER_LABEL = { open: 'list.filterOpen', closed: 'list.filterClosed', all: 'list.filterAll' } as const;

export default function MyTicketsPage() {
  const { t } = useTranslation('tickets');
  const lang = useLang();
  const user = useUser();
  const isAdmin = user?.role === 'customer_admin';
  const [params, setParams] = useSearchParams();
  const statusParam = params.get('status');
  const status: TicketListParams['status'] = statusParam === 'closed' || statusParam === 'all' ? statusParam : 'open';
  const q = params.get('q') ?? '';
  const [draft, setDraft] = useState(q);

  const list = useTicketList({ status, q });
  const org = useOrganization(isAdmin ? user?.organization_id : null);
  const nameOf = (r: TicketListItem) => (r.requester_id === user?.id ? t('thread.youName', { name: r.requester_name }) : r.requester_name);

  const setFilter = (next: Partial<{ status: string; q: string }>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    if (p.get('status') === 'open') p.delete('status');
    setParams(p, { replace: true });
  };

  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    setFilter({ q: draft.trim() });
  };

  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const { error: listError, fetchNextPage, isFetchNextPageError } = list;
  const shown = rows.length > 0;
  useEffect(() => {
    // For `npm run measure`: when the ticket list first shows rows after the page load.
    if (shown && performance.getEntriesByName('loket:ticket-list').length === 0) performance.mark('loket:ticket-list');
  }, [shown]);

  const columns: Column<TicketListItem>[] = [
    {
      key: 'subject',
      header: t('col.subject'),
      label: t('col.subject'),
      main: true,
      cell: (r) => (
        <div className="ticket-cell">
          <Link to={`/tickets/${r.reference}`}>{r.subject}</Link>
          <span className="mono small muted">{r.reference}</span>
        </div>
      ),
    },
    { key: 'kind', header: t('col.kind'), label: t('col.kind'), cell: (r) => <KindBadge kind={r.kind} /> },
    { key: 'status', header: t('col.status'), label: t('col.status'), cell: (r) => <StatusBadge status={r.status} /> },
    ...(isAdmin
      ? [{ key: 'requester', header: t('col.requester'), label: t('col.requester'), cell: (r: TicketListItem) => nameOf(r) }]
      : []),
    {
      key: 'updated',
      header: t('col.updated'),
      label: t('col.updated'),
      cell: (r) => (
        <time className="nowrap" dateTime={r.updated_at} title={formatRelative(r.updated_at, lang)}>
          {formatDateTime(r.updated_at, lang)}
        </time>
      ),
    },
  ];

  const emptyTitle = q
    ? t('list.emptySearch', { q })
    : status === 'open'
      ? t('list.emptyOpen')
      : status === 'closed'
        ? t('list.emptyClosed')
        : t('list.emptyAll');

  return (
    <>
      <PageHeader
        title={isAdmin ? (org.data ? t('list.titleOrg', { org: org.data.name }) : t('list.titleOrgFallback')) : t('list.title')}
        sub={isAdmin ? t('list.subOrg') : t('list.sub')}
        actions={<ButtonLink to="/tickets/new">{t('list.newQuestion')}</ButtonLink>}
      />
      <div className="tickets-layout">
        <section className="lookup-band card" aria-labelledby="lookup-heading">
          <h2 id="lookup-heading" className="aside-title">
            {t('lookup.title')}
          </h2>
          <LookupForm />
        </section>
        <Card className="tickets-main" aria-labelledby="tickets-list-heading">
          <h2 id="tickets-list-heading" className="visually-hidden">
            {t('list.caption')}
          </h2>
          <div className="tickets-toolbar">
            <div className="segmented" role="group" aria-label={t('list.filter')}>
              {FILTERS.map((f) => (
                <button
                  key={f}
                  type="button"
                  aria-pressed={status === f}
                  onClick={() => setFilter({ status: f })}
                >
                  {t(FILTER_LABEL[f])}
                </button>
              ))}
            </div>
            <form className="search-form" role="search" onSubmit={onSearch}>
              <label htmlFor="ticket-search" className="visually-hidden">
                {t('list.search')}
              </label>
              <input
                id="ticket-search"
                className="input"
                type="search"
                value={draft}
                placeholder={t('list.search')}
                onChange={(e) => setDraft(e.target.value)}
              />
              <Button type="submit" variant="secondary">
                {t('list.searchButton')}
              </Button>
              {q && (
                <Button
                  variant="ghost"
                  onClick={() => {
                    setDraft('');
                    setFilter({ q: '' });
                  }}
                >
                  {t('list.searchClear')}
                </Button>
              )}
            </form>
          </div>
          {q && <p className="tickets-results small muted">{t('list.searchResults', { q })}</p>}
          <div aria-live="polite" aria-busy={list.isPending}>
            {list.isPending ? (
              <div className="card-body">
                <Skeleton lines={5} />
              </div>
            ) : list.isError ? (
              <div className="card-body">
                <ErrorState error={list.error} title={t('list.error')} onRetry={() => void list.refetch()} />
              </div>
            ) : rows.length === 0 ? (
              <EmptyState
                title={emptyTitle}
                action={!q && status === 'open' ? <ButtonLink to="/tickets/new">{t('list.newQuestion')}</ButtonLink> : undefined}
              >
                {q ? t('list.emptySearchBody') : status === 'open' ? t('list.emptyOpenBody') : undefined}
              </EmptyState>
            ) : (
              <>
                <Table caption={t('list.caption')} columns={columns} rows={rows} rowKey={(r) => r.id} />
                <div className="tickets-footer">
                  <span className="small muted">{t('list.count', { count: rows.length })}</span>
                  {list.hasNextPage && (
                    <Button variant="secondary" busy={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
                      {list.isFetchingNextPage ? t('list.loadingMore') : t('list.loadMore')}
                    </Button>
                  )}
                </div>
                {isFetchNextPageError && (
                  <div className="card-body">
                    <ErrorState error={listError} onRetry={() => void fetchNextPage()} />
                  </div>
                )}
              </>
            )}
          </div>
        </Card>
      </div>
    </>
  );
}
