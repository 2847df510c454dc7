import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { ErrorState } from '../../components/ErrorState';
import { useSavedViews, type SavedView } from './api';
import { DEFAULT_FILTERS, queueHref, sameFilters, type QueueFilters } from './filters';
import { DeleteViewDialog, ViewNameDialog } from './ViewDialogs';

/** Views every agent has: links to common filters. */
const BUILT_IN: ReadonlyArray<{ key: string; filters: QueueFilters }> = [
  { key: 'open', filters: DEFAULT_FILTERS },
  { key: 'mine', filters: { ...DEFAULT_FILTERS, assignee: 'me' } },
  { key: 'unassigned', filters: { ...DEFAULT_FILTERS, unassigned: true } },
  { key: 'breached', filters: { ...DEFAULT_FILTERS, breached: true } },
  { key: 'atRisk', filters: { ...DEFAULT_FILTERS, at_risk: true } },
];

type Editing = { kind: 'create' } | { kind: 'rename'; view: SavedView } | { kind: 'delete'; view: SavedView } | null;

/**
 * The views as tabs: the built-in ones and the agent's saved views (kept on the server, so they
 * follow the agent to another browser). Each is a link to the queue with its filters; the one
 * matching the current filters is marked current.
 */
export function ViewTabs({ filters }: { filters: QueueFilters }) {
  const { t } = useTranslation('queue');
  const views = useSavedViews();
  const [editing, setEditing] = useState<Editing>(null);
  const current = views.data?.find((v) => sameFilters(v.filters, filters));
  const builtIn = BUILT_IN.find((b) => sameFilters(b.filters, filters));

  return (
    <div className="queue-views">
      <nav aria-label={t('views.label')} className="view-nav">
        <ul className="view-tabs">
          {BUILT_IN.map((b) => (
            <li key={b.key}>
              <Link className="view-tab" to={queueHref(b.filters)} aria-current={b === builtIn && !current ? 'page' : undefined}>
                {t(`views.builtIn.${b.key}`)}
              </Link>
            </li>
          ))}
        </ul>
        {views.data && views.data.length > 0 && (
          <>
            <span className="view-group-label" id="saved-views-label">
              {t('views.mine')}
            </span>
            <ul className="view-tabs" aria-labelledby="saved-views-label">
              {views.data.map((v) => (
                <li key={v.id}>
                  <Link className="view-tab view-tab-saved" to={queueHref(v.filters)} aria-current={v === current ? 'page' : undefined}>
                    {v.name}
                  </Link>
                </li>
              ))}
            </ul>
          </>
        )}
      </nav>
      <div className="view-actions">
        {current ? (
          <>
            <Button variant="ghost" size="sm" onClick={() => setEditing({ kind: 'rename', view: current })}>
              {t('views.rename')}
              <span className="visually-hidden"> “{current.name}”</span>
            </Button>
            <Button variant="ghost" size="sm" onClick={() => setEditing({ kind: 'delete', view: current })}>
              {t('views.delete')}
              <span className="visually-hidden"> “{current.name}”</span>
            </Button>
          </>
        ) : (
          !builtIn && (
            <Button variant="secondary" size="sm" onClick={() => setEditing({ kind: 'create' })}>
              {t('views.save')}
            </Button>
          )
        )}
      </div>
      {views.isError && <ErrorState error={views.error} title={t('views.error')} onRetry={() => void views.refetch()} />}
      {editing?.kind === 'create' && <ViewNameDialog filters={filters} onClose={() => setEditing(null)} />}
      {editing?.kind === 'rename' && <ViewNameDialog view={editing.view} onClose={() => setEditing(null)} />}
      {editing?.kind === 'delete' && <DeleteViewDialog view={editing.view} onClose={() => setEditing(null)} />}
    </div>
  );
}
