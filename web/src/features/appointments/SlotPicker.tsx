import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { ErrorState } from '../../components/ErrorState';
import { Skeleton } from '../../components/Spinner';
import { formatDate, formatTime } from '../../i18n/format';
import { useLang } from '../../i18n/useLang';
import type { Lang } from '../../i18n';
import type { PickerDay, Slot } from './slots';

interface Props {
  days: PickerDay[] | undefined;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  weekStart: string;
  weekEnd: string;
  canGoBack: boolean;
  onWeek: (step: -1 | 1) => void;
  day: string | null;
  onDay: (date: string) => void;
  start: string | null;
  onStart: (slot: Slot) => void;
  timeError?: string | undefined;
}

function weekLabel(from: string, to: string, lang: Lang): string {
  const f = new Intl.DateTimeFormat(lang === 'nl' ? 'nl-BE' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  return f.formatRange(new Date(`${from}T12:00:00Z`), new Date(`${to}T12:00:00Z`));
}

/**
 * A week of the interventions schedule: every day a choice, a closed day disabled with its
 * reason in words (holiday, Christmas closure, closure, weekend); then the free times of the
 * chosen day.
 */
export function SlotPicker(p: Props) {
  const { t } = useTranslation('appointments');
  const lang = useLang();
  const name = useId();
  const chosen = p.days?.find((d) => d.date === p.day);
  const slots = chosen?.state === 'free' ? chosen.slots : [];

  const info = (d: PickerDay): string => {
    switch (d.state) {
      case 'free':
        return t('picker.free', { count: d.slots.length });
      case 'full':
        return t('picker.full');
      case 'past':
        return t('picker.past');
      case 'closed':
        // The holiday's and the admin's closure's names say most; the others read better without.
        return t(`picker.closed.${d.reason.kind}`, { name: d.reason.name });
    }
  };

  return (
    <div className="stack-sm">
      <fieldset className="slot-fieldset">
        <legend>{t('picker.day')}</legend>
        <div className="slot-week">
          <Button variant="secondary" size="sm" onClick={() => p.onWeek(-1)} disabled={!p.canGoBack}>
            <span aria-hidden="true">‹</span> <span className="slot-week-word">{t('picker.prevWeek')}</span>
          </Button>
          <span className="slot-week-label" aria-live="polite">
            {weekLabel(p.weekStart, p.weekEnd, lang)}
          </span>
          <Button variant="secondary" size="sm" onClick={() => p.onWeek(1)}>
            <span className="slot-week-word">{t('picker.nextWeek')}</span> <span aria-hidden="true">›</span>
          </Button>
        </div>
        {p.error ? (
          <ErrorState error={p.error} title={t('picker.error')} onRetry={p.onRetry} />
        ) : !p.days ? (
          <Skeleton lines={5} />
        ) : (
          <div className="slot-days" aria-busy={p.loading || undefined}>
            {p.days.map((d) => (
              <label key={d.date} className={`slot-day slot-day-${d.state}`}>
                <input
                  type="radio"
                  name={`${name}-day`}
                  value={d.date}
                  checked={p.day === d.date}
                  disabled={d.state !== 'free'}
                  onChange={() => p.onDay(d.date)}
                />
                <span className="slot-day-date">{formatDate(d.date, lang)}</span>{' '}
                <span className="slot-day-info">
                  {d.state === 'closed' && (
                    <span className="slot-day-icon" aria-hidden="true">
                      ✕
                    </span>
                  )}
                  {info(d)}
                </span>
              </label>
            ))}
          </div>
        )}
      </fieldset>
      {chosen && (
        <fieldset className="slot-fieldset" aria-describedby={p.timeError ? `${name}-time-error` : undefined}>
          <legend>{t('picker.time', { day: formatDate(chosen.date, lang) })}</legend>
          <div className="slot-times">
            {slots.map((s) => (
              <label key={s.start} className="radio-pill">
                <input type="radio" name={`${name}-time`} value={s.start} checked={p.start === s.start} onChange={() => p.onStart(s)} />
                <span>
                  {formatTime(s.start, lang)}–{formatTime(s.end, lang)}
                </span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      {p.timeError && (
        <p className="field-error" id={`${name}-time-error`}>
          {p.timeError}
        </p>
      )}
    </div>
  );
}
