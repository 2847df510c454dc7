import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { Skeleton } from '../../components/Spinner';
import { formatDateTime } from '../../i18n/format';
import { useLang } from '../../i18n/useLang';
import { useCoverageTable, useEvents } from './api';
import { CODED_FIELDS, whatChanged, whoDid, type Who } from './history';

/** Enough to see what happened lately; the rest is one click away. */
const RECENT = 8;

/**
 * The ticket's history, newest first: who changed what — a person, a triage rule (with the
 * API's explanation of why it fired) or Loket's scheduler — in the reader's language, with
 * the reason an agent gave (a reclassification's).
 */
export function History({ reference, staffNames, rules }: { reference: string; staffNames: ReadonlyMap<string, string>; rules: ReadonlyMap<string, string> }) {
  const { t } = useTranslation('desk');
  const lang = useLang();
  const events = useEvents(reference);
  const subjects = useCoverageTable();
  const [all, setAll] = useState(false);

  if (events.isPending) return <Skeleton lines={4} />;
  if (events.isError) return <ErrorState error={events.error} title={t('history.error')} onRetry={() => void events.refetch()} />;
  if (!events.data.length) return <EmptyState title={t('history.empty')} />;

  const label = (field: string, value: string): string => {
    if (field === 'assignee') return staffNames.get(value) ?? t('history.unknown');
    if (field === 'category') {
      const s = subjects.data?.items.find((x) => x.code === value);
      return s ? (lang === 'nl' ? s.label_nl : s.label_en) : value;
    }
    // An enum's words; an unknown value (a newer API) as it is.
    const key = field === 'impact' ? 'impactShort' : field;
    return (CODED_FIELDS as readonly string[]).includes(field) ? t(`${key}.${value}`, { defaultValue: value }) : value;
  };
  const whoWords = (w: Who): string => {
    switch (w.kind) {
      case 'person':
        return w.staff ? `${w.name} (${t('history.staff')})` : w.name;
      case 'unknownPerson':
        return t('history.unknown');
      case 'rule':
        return w.name ? t('history.rule', { name: w.name }) : t('history.ruleUnknown');
      case 'scheduler':
        return t('history.scheduler');
    }
  };

  const newestFirst = [...events.data].reverse();
  const shown = all ? newestFirst : newestFirst.slice(0, RECENT);
  return (
    <div className="stack-sm">
      <ol className="desk-history">
        {shown.map((e) => {
          const who = whoDid(e, rules);
          const what = whatChanged(e, label);
          const values = 'field' in what.values ? { ...what.values, field: t(`field.${what.values.field}`, { defaultValue: what.values.field }) } : what.values;
          return (
            <li key={e.id} className={`desk-event desk-event-${who.kind}`}>
              <time className="desk-event-when" dateTime={e.created_at}>
                {formatDateTime(e.created_at, lang)}
              </time>
              <p className="desk-event-what">
                <strong>{whoWords(who)}</strong> {t(`history.${what.key}`, values)}
              </p>
              {e.explanation && <p className="desk-event-why">{e.explanation}</p>}
              {e.reason && <p className="desk-event-why">{t('history.reason', { reason: e.reason })}</p>}
            </li>
          );
        })}
      </ol>
      {newestFirst.length > RECENT && (
        <div>
          <Button variant="ghost" size="sm" aria-expanded={all} onClick={() => setAll((v) => !v)}>
            {all ? t('history.showLess', { count: RECENT }) : t('history.showAll', { count: newestFirst.length })}
          </Button>
        </div>
      )}
    </div>
  );
}
