import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schema } from '../../api/types';
import { Card, CardBody, CardHeader } from '../../components/Card';
import { ErrorState } from '../../components/ErrorState';
import { Skeleton } from '../../components/Spinner';
import { formatDate, formatRelative, formatTime } from '../../i18n/format';
import { useLang } from '../../i18n/useLang';
import type { Lang } from '../../i18n';
import { usePhoneLine } from './api';
import { dayFromNow, weekSummary } from './opening';

type Status = Schema<'ScheduleStatus'>;

/** "today at 13:00", "tomorrow (Friday 4 December 2026) at 09:00", "on Monday 7 December 2026 at 09:00". */
function useWhen() {
  const { t } = useTranslation('intake');
  return (instant: string, lang: Lang, now: Date) =>
    t(`line.when.${dayFromNow(instant, now)}`, { date: formatDate(instant, lang), time: formatTime(instant, lang) });
}

/** Whether the phone line (the `phone` schedule) is open now, and when it opens or closes. */
export function PhoneLineCard() {
  const { t } = useTranslation('intake');
  const lang = useLang();
  const headingId = useId();
  const { schedules, phone, status } = usePhoneLine(lang);
  const error = schedules.error ?? status.error;
  return (
    <Card aria-labelledby={headingId}>
      <CardHeader id={headingId} title={t('line.title')} />
      <CardBody>
        {error ? (
          <ErrorState error={error} title={t('line.error')} onRetry={() => void (schedules.isError ? schedules.refetch() : status.refetch())} />
        ) : schedules.data && !phone ? (
          <p className="muted">{t('line.missing')}</p>
        ) : !status.data ? (
          <Skeleton lines={2} />
        ) : (
          <LineStatus s={status.data} lang={lang} />
        )}
        {phone && (
          <div className="intake-line-hours small">
            <p className="intake-line-hours-title">{t('line.hours')}</p>
            <ul>
              {weekSummary(phone.weekly_hours, lang).map((row) => (
                <li key={row.days}>
                  <span className="intake-line-days">{row.days}</span> {row.hours}
                </li>
              ))}
            </ul>
            {(phone.belgian_holidays || phone.christmas_closure) && (
              <p className="muted">
                {phone.belgian_holidays && phone.christmas_closure
                  ? t('line.closedBoth')
                  : phone.belgian_holidays
                    ? t('line.closedHolidays')
                    : t('line.closedChristmas')}
              </p>
            )}
            <p className="muted">{t('line.note')}</p>
          </div>
        )}
      </CardBody>
    </Card>
  );
}

function LineStatus({ s, lang }: { s: Status; lang: Lang }) {
  const { t } = useTranslation('intake');
  const when = useWhen();
  // The API's `at` is its "now": the words follow the answer, not the browser's clock.
  const now = new Date(s.at);
  return (
    <div className="stack-sm intake-line-status" aria-live="polite">
      <p className={`intake-line ${s.open ? 'intake-line-open' : 'intake-line-closed'}`}>
        <span className="intake-line-icon" aria-hidden="true">
          {s.open ? '✓' : '✕'}
        </span>
        {s.open ? t('line.open') : t('line.closed')}
      </p>
      {s.open && s.closes_at && (
        <p className="small">{t('line.until', { when: when(s.closes_at, lang, now), relative: formatRelative(s.closes_at, lang, now) })}</p>
      )}
      {!s.open && s.reason && <p className="small">{t('line.reason', { reason: s.reason.message })}</p>}
      {!s.open &&
        (s.next_opening ? (
          <p className="small">
            {t('line.next', { when: when(s.next_opening, lang, now), relative: formatRelative(s.next_opening, lang, now) })}
          </p>
        ) : (
          <p className="small">{t('line.noNext')}</p>
        ))}
    </div>
  );
}
