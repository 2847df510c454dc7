import { useId, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { Skeleton, Spinner } from '../../components/Spinner';
import { formatDate } from '../../i18n/format';
import { useLang } from '../../i18n/useLang';
import { useArticleList, useTagSource, type Article } from './api';
import { LockIcon } from './LockIcon';
import { collectTags, excerpt, pickTranslation } from './translation';
import './kb.css';

export default function KbListPage() {
  const { t } = useTranslation('kb');
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const tag = params.get('tag') ?? '';
  const [draft, setDraft] = useState(q);
  const [lastQ, setLastQ] = useState(q);
  if (lastQ !== q) {
    setLastQ(q);
    setDraft(q);
  }
  const searchId = useId();

  const list = useArticleList({ q, tag });
  const tagSource = useTagSource();
  const tags = collectTags(tagSource.data?.items ?? []);
  if (tag && !tags.includes(tag)) tags.push(tag);

  const update = (next: Partial<{ q: string; tag: string }>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    setParams(p, { replace: true });
  };
  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    update({ q: draft.trim() });
  };

  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = q !== '' || tag !== '';

  return (
    <>
      <PageHeader title={t('title')} sub={t('sub')} />
      <div className="stack">
        <Card className="kb-tools" aria-label={t('tools')}>
          <form className="kb-search" role="search" onSubmit={onSearch}>
            <label htmlFor={searchId} className="field-label">
              {t('search.label')}
            </label>
            <div className="kb-search-row">
              <input
                id={searchId}
                className="input"
                type="search"
                name="q"
                value={draft}
                maxLength={200}
                placeholder={t('search.placeholder')}
                onChange={(e) => setDraft(e.target.value)}
              />
              <Button type="submit">{t('search.submit')}</Button>
            </div>
          </form>
          <div className="kb-tags" role="group" aria-label={t('tags.label')}>
            <span className="kb-tags-title" aria-hidden="true">
              {t('tags.label')}
            </span>
            <ul className="kb-chips">
              <li>
                <button type="button" className="kb-chip" aria-pressed={tag === ''} onClick={() => update({ tag: '' })}>
                  {tag === '' && <Check />}
                  {t('tags.all')}
                </button>
              </li>
              {tags.map((x) => (
                <li key={x}>
                  <button
                    type="button"
                    className="kb-chip"
                    aria-pressed={tag === x}
                    onClick={() => update({ tag: tag === x ? '' : x })}
                  >
                    {tag === x ? <Check /> : <span aria-hidden="true">#</span>}
                    {x}
                  </button>
                </li>
              ))}
            </ul>
            {tagSource.isError && <p className="small muted">{t('tags.error')}</p>}
          </div>
        </Card>

        <section aria-labelledby="kb-results" aria-busy={list.isFetching || undefined}>
          <div className="row-between kb-results-head">
            <h2 id="kb-results" className="kb-results-title">
              {q && tag
                ? t('results.queryTag', { q, tag })
                : q
                  ? t('results.query', { q })
                  : tag
                    ? t('results.tag', { tag })
                    : t('results.all')}
            </h2>
            {filtered && (
              <Button variant="ghost" size="sm" onClick={() => update({ q: '', tag: '' })}>
                {t('results.clear')}
              </Button>
            )}
          </div>
          {list.isPending ? (
            <Card>
              <div className="card-body">
                <Skeleton lines={6} />
              </div>
            </Card>
          ) : list.isError && rows.length === 0 ? (
            <ErrorState error={list.error} onRetry={() => void list.refetch()} title={t('results.error')} />
          ) : rows.length === 0 ? (
            <Card>
              <EmptyState
                title={filtered ? t('results.emptyFiltered') : t('results.empty')}
                icon="?"
                action={
                  filtered ? (
                    <Button variant="secondary" onClick={() => update({ q: '', tag: '' })}>
                      {t('results.clear')}
                    </Button>
                  ) : undefined
                }
              >
                {filtered ? t('results.emptyFilteredHint') : undefined}
              </EmptyState>
            </Card>
          ) : (
            <>
              <p className="small muted" aria-live="polite">
                {list.hasNextPage ? t('results.countMore', { count: rows.length }) : t('results.count', { count: rows.length })}
              </p>
              <ul className="kb-list">
                {rows.map((a) => (
                  <ArticleItem key={a.id} a={a} activeTag={tag} />
                ))}
              </ul>
              {list.isFetchNextPageError && <ErrorState error={list.error} onRetry={() => void list.fetchNextPage()} />}
              {list.hasNextPage && (
                <div className="kb-more">
                  <Button variant="secondary" busy={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
                    {list.isFetchingNextPage ? <Spinner /> : t('results.more')}
                  </Button>
                </div>
              )}
            </>
          )}
        </section>
      </div>
    </>
  );
}

function ArticleItem({ a, activeTag }: { a: Article; activeTag: string }) {
  const { t } = useTranslation('kb');
  const lang = useLang();
  const picked = pickTranslation(a.translations, lang);
  if (!picked) return null;
  const { translation: tr, fallback } = picked;
  const titleId = `kb-a-${a.id}`;
  return (
    <li className="kb-item" aria-labelledby={titleId}>
      <h3 className="kb-item-title" id={titleId}>
        <Link to={`/kb/${encodeURIComponent(a.slug)}`} lang={tr.language}>
          {tr.title}
        </Link>
      </h3>
      {fallback && <p className="kb-item-lang small">{t(`fallback.short.${tr.language}`)}</p>}
      <p className="kb-item-excerpt" lang={tr.language}>
        {excerpt(tr.body_markdown)}
      </p>
      <div className="kb-item-meta small">
        {a.tags.length > 0 && (
          <ul className="kb-item-tags" aria-label={t('tags.ofArticle')}>
            {a.tags.map((x) => (
              <li key={x}>
                <Link
                  className="kb-tag-link"
                  to={`/kb?tag=${encodeURIComponent(x)}`}
                  aria-current={activeTag === x ? 'true' : undefined}
                >
                  #{x}
                </Link>
              </li>
            ))}
          </ul>
        )}
        <span className="muted">{t('updated', { date: formatDate(a.updated_at, lang) })}</span>
        {!a.comments_open && (
          <span className="muted kb-closed-mini">
            <LockIcon size={14} />
            {t('comments.closedShort')}
          </span>
        )}
      </div>
    </li>
  );
}

function Check() {
  return (
    <span className="kb-chip-check" aria-hidden="true">
      ✓
    </span>
  );
}
