import { useTranslation } from 'react-i18next';
import type { Schema } from '../../api/types';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Card, CardBody, CardHeader } from '../../components/Card';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { Skeleton } from '../../components/Spinner';
import { brusselsDate, formatDate, formatTime } from '../../i18n/format';
import { useLang } from '../../i18n/useLang';
import type { Lang } from '../../i18n';
import { useClosures, useSchedule, useScheduleStatus } from './api';
import {
  brusselsWeekday,
  buildWeekTable,
  dayCount,
  mergeClosures,
  relativeDay,
  sentence,
  weekdayName,
  type MergedClosure,
  type ScheduleCode,
} from './hours';
import './support-hours.css';

type Status = Schema<'ScheduleStatus'>;

export default function SupportHoursPage() {
  const { t } = useTranslation('support-hours');
  return (
    <>
      <PageHeader title={t('title')} sub={t('sub')} />
      <div className="stack">
        <div className="hours-status-grid">
          <StatusCard code="interventions" />
          <StatusCard code="phone" />
        </div>
        <Alert tone="info" title={t('appointment.title')} live={false}>
          <p>{t('appointment.body')}</p>
        </Alert>
        <WeekCard />
        <ClosuresCard />
      </div>
    </>
  );
}

function whenText(instant: string, lang: Lang, t: (k: string, o?: Record<string, string>) => string): string {
  const day = relativeDay(instant);
  const time = formatTime(instant, lang);
  if (day === 'today') return t('when.today', { time, weekday: weekdayName(brusselsWeekday(new Date(instant)), lang) });
  if (day === 'tomorrow') return t('when.tomorrow', { date: formatDate(instant, lang), time });
  return t('when.other', { date: formatDate(instant, lang), time });
}

function StatusCard({ code }: { code: ScheduleCode }) {
  const { t } = useTranslation('support-hours');
  const lang = useLang();
  const status = useScheduleStatus(code, lang);
  const headingId = `hours-status-${code}`;
  return (
    <Card aria-labelledby={headingId} className="hours-status">
      <CardHeader id={headingId} title={t(`schedule.${code}.title`)} />
      <CardBody>
        <p className="muted small hours-status-who">{t(`schedule.${code}.who`)}</p>
        {status.isPending ? (
          <Skeleton lines={2} />
        ) : status.isError ? (
          <ErrorState error={status.error} onRetry={() => void status.refetch()} title={t('status.error')} />
        ) : (
          <StatusBody code={code} s={status.data} lang={lang} />
        )}
      </CardBody>
    </Card>
  );
}

function StatusBody({ code, s, lang }: { code: ScheduleCode; s: Status; lang: Lang }) {
  const { t } = useTranslation('support-hours');
  const tt = (k: string, o?: Record<string, string>) => t(k, o);
  return (
    <div className="stack-sm" aria-live="polite">
      <p className={`hours-now ${s.open ? 'hours-now-open' : 'hours-now-closed'}`}>
        <span className="hours-now-icon" aria-hidden="true">
          {s.open ? '✓' : '✕'}
        </span>
        <span>{t(`status.${s.open ? 'open' : 'closed'}.${code}`)}</span>
      </p>
      {s.open && s.closes_at && <p className="hours-detail">{t('status.until', { when: whenText(s.closes_at, lang, tt) })}</p>}
      {!s.open && s.reason && <p className="hours-detail">{sentence(s.reason.message)}</p>}
      {!s.open &&
        (s.next_opening ? (
          <p className="hours-detail">
            <strong>{t('status.nextOpening')}</strong> {whenText(s.next_opening, lang, tt)}
          </p>
        ) : (
          <p className="hours-detail">{t('status.noNextOpening')}</p>
        ))}
    </div>
  );
}

function WeekCard() {
  const { t } = useTranslation('support-hours');
  const lang = useLang();
  const support = useSchedule('interventions');
  const phone = useSchedule('phone');
  const today = brusselsWeekday();

  let body;
  if (support.isPending || phone.isPending) body = <Skeleton lines={7} />;
  else if (support.isError || phone.isError)
    body = (
      <ErrorState
        error={support.error ?? phone.error}
        onRetry={() => {
          void support.refetch();
          void phone.refetch();
        }}
      />
    );
  else {
    const s = buildWeekTable(support.data.weekly_hours, lang);
    const p = buildWeekTable(phone.data.weekly_hours, lang);
    body = (
      <div className="hours-table-wrap">
        <table className="hours-table">
          <caption className="visually-hidden">{t('week.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('week.day')}</th>
              <th scope="col">{t('schedule.interventions.short')}</th>
              <th scope="col">{t('schedule.phone.short')}</th>
            </tr>
          </thead>
          <tbody>
            {s.map((row, i) => {
              const isToday = row.day === today;
              const prow = p[i];
              return (
                <tr key={row.day} className={isToday ? 'hours-today' : undefined} aria-current={isToday ? 'date' : undefined}>
                  <th scope="row">
                    <span className="hours-dayname">{row.name}</span>
                    {isToday && <span className="hours-today-tag">{t('week.today')}</span>}
                  </th>
                  <td>
                    <Intervals list={row.intervals} />
                  </td>
                  <td>
                    <Intervals list={prow?.intervals ?? []} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    );
  }
  return (
    <Card aria-labelledby="hours-week">
      <CardHeader id="hours-week" title={t('week.title')} />
      <CardBody>
        {body}
        <p className="small muted hours-note">{t('week.note')}</p>
      </CardBody>
    </Card>
  );
}

function Intervals({ list }: { list: string[] }) {
  const { t } = useTranslation('support-hours');
  if (list.length === 0) return <span className="muted">{t('week.closed')}</span>;
  return (
    <ul className="hours-intervals">
      {list.map((iv) => (
        <li key={iv}>{iv}</li>
      ))}
    </ul>
  );
}

function ClosuresCard() {
  const { t } = useTranslation('support-hours');
  const lang = useLang();
  const today = brusselsDate();
  const year = Number(today.slice(0, 4));
  const years = [year, year + 1];
  const support = useClosures('interventions', years);
  const phone = useClosures('phone', years);
  const all = [...support, ...phone];
  const pending = all.some((q) => q.isPending);
  const failed = all.find((q) => q.isError);

  let body;
  if (pending) body = <Skeleton lines={5} />;
  else if (failed) body = <ErrorState error={failed.error} onRetry={() => all.forEach((q) => void q.refetch())} />;
  else {
    const merged = mergeClosures(
      {
        interventions: support.map((q) => q.data?.items ?? []),
        phone: phone.map((q) => q.data?.items ?? []),
      },
      today,
    );
    const christmas = merged.find((c) => c.kind === 'christmas_closure');
    body =
      merged.length === 0 ? (
        <EmptyState title={t('closures.empty')} icon="✓" />
      ) : (
        <div className="stack">
          {christmas && (
            <div className="hours-christmas" role="note" aria-label={t('closures.christmasLabel')}>
              <span className="hours-christmas-icon" aria-hidden="true">
                ✻
              </span>
              <div>
                <p className="hours-christmas-title">{t('closures.christmasTitle')}</p>
                <p>
                  {t('closures.christmasBody', {
                    from: formatDate(christmas.first_day, lang),
                    to: formatDate(christmas.last_day, lang),
                  })}
                </p>
              </div>
            </div>
          )}
          {byYear(merged).map(([y, items]) => (
            <section key={y} aria-labelledby={`hours-closures-${y}`} className="stack-sm">
              <h3 id={`hours-closures-${y}`} className="hours-year">
                {y}
              </h3>
              <ul className="hours-closures" aria-label={t('closures.listLabel', { year: y })}>
                {items.map((c) => (
                  <ClosureItem key={`${c.kind}-${c.first_day}-${c.last_day}-${c.name.en}`} c={c} lang={lang} />
                ))}
              </ul>
            </section>
          ))}
        </div>
      );
  }
  return (
    <Card aria-labelledby="hours-closures">
      <CardHeader id="hours-closures" title={t('closures.title')} />
      <CardBody>
        <p className="muted small">{t('closures.intro', { year, next: year + 1 })}</p>
        {body}
      </CardBody>
    </Card>
  );
}

/** The closures grouped by the year of their first day. */
function byYear(list: MergedClosure[]): Array<[string, MergedClosure[]]> {
  const out = new Map<string, MergedClosure[]>();
  for (const c of list) {
    const y = c.first_day.slice(0, 4);
    out.set(y, [...(out.get(y) ?? []), c]);
  }
  return [...out.entries()];
}

const KIND_TONE = { public_holiday: 'info', christmas_closure: 'warning', closure: 'neutral' } as const;

function ClosureItem({ c, lang }: { c: MergedClosure; lang: Lang }) {
  const { t } = useTranslation('support-hours');
  const single = c.first_day === c.last_day;
  const days = dayCount(c.first_day, c.last_day);
  const kind = c.kind === 'public_holiday' || c.kind === 'christmas_closure' ? c.kind : 'closure';
  const both = c.schedules.length > 1;
  return (
    <li className={`hours-closure${kind === 'christmas_closure' ? ' hours-closure-christmas' : ''}`}>
      <div className="hours-closure-main">
        <p className="hours-closure-name">{c.name[lang]}</p>
        <p className="hours-closure-when">
          {single
            ? formatDate(c.first_day, lang)
            : t('closures.range', { from: formatDate(c.first_day, lang), to: formatDate(c.last_day, lang) })}
          {!single && <span className="muted"> · {t('closures.days', { count: days })}</span>}
        </p>
        <p className="small muted">
          {both ? t('closures.both') : t(`closures.only.${c.schedules[0] ?? 'interventions'}`)}
        </p>
      </div>
      <Badge tone={KIND_TONE[kind]}>{t(`closures.kind.${kind}`)}</Badge>
    </li>
  );
}
