import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isApiProblem } from '../../api/problem';
import { Button, ButtonLink } from '../../components/Button';
import { Card } from '../../components/Card';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { Skeleton } from '../../components/Spinner';
import { useQueue, type QueueItem } from './api';
import { FilterBar } from './FilterBar';
import { DEFAULT_FILTERS, filtersFromParams, MAX_SEARCH, paramsFromFilters, sameFilters, withFilter, type QueueFilters } from './filters';
import { LiveIndicator } from './LiveIndicator';
import { QueueTable, rowId, ticketPath } from './QueueTable';
import { shortcutFor } from './shortcuts';
import { ShortcutsDialog } from './ShortcutsDialog';
import { ViewTabs } from './ViewTabs';
import './queue.css';

/** The rows of all loaded pages, once each (a ticket can move between pages while they load). */
function uniqueRows(pages: Array<{ items: QueueItem[] }> | undefined): QueueItem[] {
  const seen = new Set<string>();
  const out: QueueItem[] = [];
  for (const p of pages ?? []) {
    for (const r of p.items) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      out.push(r);
    }
  }
  return out;
}

/** How many filters narrow the list beyond the default (the search aside). */
function activeFilters(f: QueueFilters): number {
  return Object.entries(f).filter(([k, v]) => v != null && k !== 'q' && !(k === 'status' && v === DEFAULT_FILTERS.status)).length +
    (f.status == null ? 1 : 0);
}

export default function QueuePage() {
  const { t } = useTranslation('queue');
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromParams(params), [params]);
  const list = useQueue(filters);
  const rows = useMemo(() => uniqueRows(list.data?.pages), [list.data]);
  const [selected, setSelected] = useState<string | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  // On a phone the filters fold away behind a button; on wider screens they are always there.
  const [filtersOpen, setFiltersOpen] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const sentinel = useRef<HTMLDivElement>(null);

  // The search box is a draft until submitted; it follows the URL when that changes (back button, a view).
  const [draft, setDraft] = useState(filters.q ?? '');
  const [draftFor, setDraftFor] = useState(filters.q);
  if (draftFor !== filters.q) {
    setDraftFor(filters.q);
    setDraft(filters.q ?? '');
  }

  // The router applies a new URL in a transition: until it has moved on from the URL a change
  // was made on, the controls show the filters as just asked for (a checkbox would flick back
  // otherwise), and a second quick change builds on the first.
  const urlKey = params.toString();
  const [pending, setPending] = useState<{ filters: QueueFilters; from: string } | null>(null);
  if (pending && urlKey !== pending.from) setPending(null);
  const asked = pending && urlKey === pending.from ? pending.filters : filters;
  /** Every filter change is a new history entry: shareable, and the back button undoes it. */
  const change = (c: Partial<QueueFilters>) => {
    const next = withFilter(asked, c);
    setPending({ filters: next, from: urlKey });
    setParams(paramsFromFilters(next));
  };

  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    change({ q: draft.trim() || undefined });
  };

  const { hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage } = list;
  // Infinite scroll: the next page loads as the end of the list comes near (the button stays as a fallback).
  useEffect(() => {
    const el = sentinel.current;
    if (!el || !hasNextPage || isFetchingNextPage || isFetchNextPageError || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) void fetchNextPage();
    }, { rootMargin: '300px' });
    io.observe(el);
    return () => io.disconnect();
  }, [hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage, rows.length]);

  const hasRows = rows.length > 0;
  useEffect(() => {
    // For `npm run measure`: when the queue first shows rows after the page load.
    if (hasRows && performance.getEntriesByName('loket:queue').length === 0) performance.mark('loket:queue');
  }, [hasRows]);

  // Keyboard: j/k move the selection (and the focus, onto the row's link), Enter opens, / searches, ? helps.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = shortcutFor(e, helpOpen || document.querySelector('dialog[open]') !== null);
      if (!action) return;
      if (action === 'help') {
        e.preventDefault();
        setHelpOpen(true);
      } else if (action === 'search') {
        e.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      } else if (action === 'open') {
        if (!selected) return;
        e.preventDefault();
        navigate(ticketPath(selected));
      } else {
        if (rows.length === 0) return;
        e.preventDefault();
        const at = rows.findIndex((r) => r.reference === selected);
        const next = at < 0 ? 0 : action === 'next' ? Math.min(rows.length - 1, at + 1) : Math.max(0, at - 1);
        if (action === 'next' && at === rows.length - 1 && hasNextPage && !isFetchingNextPage) void fetchNextPage();
        const ref = rows[next]?.reference;
        if (!ref) return;
        setSelected(ref);
        const row = document.getElementById(rowId(ref));
        row?.querySelector<HTMLAnchorElement>('a')?.focus({ preventScroll: true });
        row?.scrollIntoView({ block: 'nearest' });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [helpOpen, selected, rows, navigate, hasNextPage, isFetchingNextPage, fetchNextPage]);

  const searchError =
    isApiProblem(list.error) && list.error.status === 422 ? list.error.fieldErrors.find((fe) => fe.field === 'q')?.message : undefined;
  const filtered = !sameFilters(filters, DEFAULT_FILTERS);

  return (
    <>
      <PageHeader
        title={t('title')}
        sub={t('sub')}
        actions={
          <>
            <LiveIndicator />
            <Button variant="secondary" size="sm" onClick={() => setHelpOpen(true)} aria-keyshortcuts="?">
              {t('shortcuts.button')}
            </Button>
          </>
        }
      />
      <ViewTabs filters={filters} />
      <Card className="queue-card" aria-labelledby="queue-heading">
        <h2 id="queue-heading" className="visually-hidden">
          {t('table.caption')}
        </h2>
        <div className="queue-toolbar">
          <form className="queue-search" role="search" onSubmit={onSearch}>
            <label htmlFor="queue-search" className="visually-hidden">
              {t('search.label')}
            </label>
            <input
              id="queue-search"
              ref={searchRef}
              className="input"
              type="search"
              value={draft}
              maxLength={MAX_SEARCH}
              placeholder={t('search.placeholder')}
              aria-keyshortcuts="/"
              aria-invalid={searchError ? true : undefined}
              aria-describedby={searchError ? 'queue-search-error' : undefined}
              onChange={(e) => setDraft(e.target.value)}
              onKeyDown={(e) => {
                // Escape leaves the box, so the list's shortcuts work again.
                if (e.key === 'Escape') e.currentTarget.blur();
              }}
            />
            <Button type="submit" variant="secondary">
              {t('search.submit')}
            </Button>
            {filters.q && (
              <Button variant="ghost" onClick={() => change({ q: undefined })}>
                {t('search.clear')}
              </Button>
            )}
          </form>
          {searchError && (
            <p className="field-error" id="queue-search-error">
              {searchError}
            </p>
          )}
          <Button
            variant="secondary"
            size="sm"
            className="queue-filters-toggle"
            aria-expanded={filtersOpen}
            aria-controls="queue-filter-panel"
            onClick={() => setFiltersOpen((o) => !o)}
          >
            {t('filters.toggle', { count: activeFilters(filters) })}
          </Button>
          <div id="queue-filter-panel" className="queue-filter-panel" data-open={filtersOpen}>
            <FilterBar filters={asked} onChange={change} />
          </div>
        </div>
        {/* Not a live region: live updates would read the whole table out; the count below is one. */}
        <div aria-busy={list.isFetching && !list.isFetchingNextPage}>
          {list.isPending ? (
            <div className="card-body">
              <Skeleton lines={8} />
            </div>
          ) : list.isError && !list.isFetchNextPageError ? (
            <div className="card-body">
              <ErrorState error={list.error} title={t('error')} onRetry={() => void list.refetch()} />
            </div>
          ) : rows.length === 0 ? (
            <EmptyState
              title={filters.q ? t('empty.search', { q: filters.q }) : filtered ? t('empty.filtered') : t('empty.open')}
              action={filtered ? <ButtonLink to="/console" variant="secondary">{t('empty.clear')}</ButtonLink> : undefined}
            >
              {filtered ? t('empty.filteredBody') : t('empty.openBody')}
            </EmptyState>
          ) : (
            <>
              {filters.q && <p className="queue-results small muted">{t('search.results', { q: filters.q })}</p>}
              <QueueTable rows={rows} selected={selected} onSelect={setSelected} />
              <div ref={sentinel} className="queue-footer">
                <span className="small muted" role="status">
                  {hasNextPage ? t('table.countMore', { count: rows.length }) : t('table.count', { count: rows.length })}
                </span>
                {hasNextPage && (
                  <Button variant="secondary" busy={isFetchingNextPage} onClick={() => void fetchNextPage()}>
                    {isFetchingNextPage ? t('table.loadingMore') : t('table.loadMore')}
                  </Button>
                )}
              </div>
              {isFetchNextPageError && (
                <div className="card-body">
                  <ErrorState error={list.error} onRetry={() => void fetchNextPage()} />
                </div>
              )}
            </>
          )}
        </div>
      </Card>
      <ShortcutsDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
    </>
  );
}
