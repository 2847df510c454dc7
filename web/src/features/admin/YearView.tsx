import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Card, CardBody, CardHeader } from '../../components/Card';
import { ErrorState } from '../../components/ErrorState';
import { TextField } from '../../components/Field';
import { Skeleton } from '../../components/Spinner';
import { formatDate } from '../../i18n/format';
import { useLang } from '../../i18n/useLang';
import { useAddClosure, useClosures, useRemoveClosure, type ScheduleView } from './api';
import { formProblem } from './form';
import { WEEKDAYS } from './hours';
import { closedDays, monthWeeks, type ClosedPeriod } from './yearView';

const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
const KIND_CLASS: Record<string, string> = { public_holiday: 'is-holiday', christmas_closure: 'is-christmas', closure: 'is-closure' };

/** A year of a schedule: each closed day marked and named; closures added and removed here. */
export function YearView({ schedule, initialYear }: { schedule: ScheduleView; initialYear: number }) {
  const { t } = useTranslation('admin');
  const lang = useLang();
  const [year, setYear] = useState(initialYear);
  const closures = useClosures(schedule.code, year);
  const [picked, setPicked] = useState<string | null>(null);
  const periods = closures.data?.items ?? [];
  const closed = closedDays(year, periods);
  const noHours = new Set(WEEKDAYS.map((d, i) => ((schedule.weekly_hours[d] ?? []).length ? -1 : i)));
  const monthName = (m: number) =>
    new Intl.DateTimeFormat(lang === 'nl' ? 'nl-BE' : 'en-GB', { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(year, m - 1, 15)));
  const weekdayShort = (i: number) =>
    new Intl.DateTimeFormat(lang === 'nl' ? 'nl-BE' : 'en-GB', { weekday: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 1 + i)));
  const name = (p: ClosedPeriod) => (lang === 'nl' ? p.name.nl : p.name.en);
  const reasonOf = (p: ClosedPeriod) => (p.kind === 'public_holiday' ? `${name(p)} (${t('year.kind.public_holiday')})` : name(p));

  return (
    <Card aria-labelledby={`admin-year-${schedule.code}`}>
      <CardHeader
        id={`admin-year-${schedule.code}`}
        title={t('year.title', { name: schedule.name, year })}
        actions={
          <>
            <Button size="sm" variant="secondary" onClick={() => setYear(year - 1)} aria-label={t('year.prev')}>
              ← {year - 1}
            </Button>
            <Button size="sm" variant="secondary" onClick={() => setYear(year + 1)} aria-label={t('year.next')}>
              {year + 1} →
            </Button>
          </>
        }
      />
      <CardBody>
        <div className="stack">
          <ul className="admin-legend" aria-label={t('year.legend')}>
            <li><span className="admin-swatch is-holiday" aria-hidden="true" /> {t('year.holiday')}</li>
            <li><span className="admin-swatch is-christmas" aria-hidden="true" /> {t('year.christmas')}</li>
            <li><span className="admin-swatch is-closure" aria-hidden="true" /> {t('year.closure')}</li>
            <li><span className="admin-swatch is-weekend" aria-hidden="true" /> {t('year.weekend')}</li>
          </ul>
          <p className="small muted">{t('year.clickHint')}</p>
          {closures.isPending ? (
            <Skeleton lines={6} />
          ) : closures.isError ? (
            <ErrorState error={closures.error} onRetry={() => void closures.refetch()} />
          ) : (
            <div className="admin-year">
              {MONTHS.map((m) => (
                <table key={m} className="admin-month">
                  <caption>{monthName(m)}</caption>
                  <thead>
                    <tr>
                      {WEEKDAYS.map((d, i) => (
                        <th key={d} scope="col" abbr={t(`schedules.weekday.${d}`)}>
                          {weekdayShort(i)}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {monthWeeks(year, m).map((week, w) => (
                      <tr key={w}>
                        {week.map((cell, i) => {
                          if (!cell) return <td key={i} />;
                          const p = closed.get(cell.date);
                          const off = !p && noHours.has(cell.weekday);
                          const cls = p ? KIND_CLASS[p.kind] : off ? 'is-weekend' : 'is-open';
                          const label = p
                            ? t('year.dayClosed', { date: formatDate(cell.date, lang), reason: reasonOf(p) })
                            : off
                              ? t('year.dayClosed', { date: formatDate(cell.date, lang), reason: t('year.weekend') })
                              : t('year.dayOpen', { date: formatDate(cell.date, lang) });
                          return (
                            <td key={i}>
                              <button
                                type="button"
                                className={`admin-daycell ${cls}${picked === cell.date ? ' is-picked' : ''}`}
                                aria-label={label}
                                aria-pressed={picked === cell.date}
                                title={label}
                                onClick={() => setPicked(cell.date)}
                              >
                                {cell.day}
                              </button>
                            </td>
                          );
                        })}
                      </tr>
                    ))}
                  </tbody>
                </table>
              ))}
            </div>
          )}
          <ClosedList schedule={schedule} year={year} periods={periods} reasonOf={reasonOf} />
          <AddClosure schedule={schedule} picked={picked} key={picked ?? ''} />
        </div>
      </CardBody>
    </Card>
  );
}

function ClosedList({ schedule, year, periods, reasonOf }: { schedule: ScheduleView; year: number; periods: ClosedPeriod[]; reasonOf: (p: ClosedPeriod) => string }) {
  const { t } = useTranslation('admin');
  const lang = useLang();
  const remove = useRemoveClosure(schedule.code);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <section aria-labelledby={`admin-closed-${schedule.code}`} className="stack-sm">
      <h3 id={`admin-closed-${schedule.code}`} className="admin-h3">
        {t('year.listTitle', { year })}
      </h3>
      {notice && <Alert tone="success">{notice}</Alert>}
      {error && <Alert tone="danger" title={t('common.formError')}><p>{error}</p></Alert>}
      {periods.length === 0 ? (
        <p className="muted">{t('year.listEmpty')}</p>
      ) : (
        <ul className="admin-closed-list">
          {periods.map((p) => (
            <li key={`${p.kind}-${p.first_day}-${p.closure_id ?? p.holiday ?? ''}`}>
              <span className={`admin-swatch ${KIND_CLASS[p.kind] ?? ''}`} aria-hidden="true" />
              <span className="admin-closed-when">
                {p.first_day === p.last_day ? formatDate(p.first_day, lang) : t('year.range', { from: formatDate(p.first_day, lang), to: formatDate(p.last_day, lang) })}
              </span>
              <span className="admin-closed-name">{reasonOf(p)}</span>
              {p.kind === 'closure' && p.closure_id && (
                <Button
                  size="sm"
                  variant="ghost"
                  busy={remove.isPending && remove.variables === p.closure_id}
                  aria-label={t('year.remove', { reason: `${lang === 'nl' ? p.name.nl : p.name.en}, ${formatDate(p.first_day, lang)}` })}
                  onClick={async () => {
                    setNotice(null);
                    setError(null);
                    try {
                      await remove.mutateAsync(p.closure_id ?? '');
                      setNotice(t('year.removed', { reason: lang === 'nl' ? p.name.nl : p.name.en }));
                    } catch (e) {
                      setError(formProblem(t, e, []).form);
                    }
                  }}
                >
                  {t('common.delete')}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

interface ClosureForm {
  first_day: string;
  last_day: string;
  reason: string;
}

function AddClosure({ schedule, picked }: { schedule: ScheduleView; picked: string | null }) {
  const { t } = useTranslation('admin');
  const lang = useLang();
  const add = useAddClosure(schedule.code);
  const [notice, setNotice] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, reset, formState } = useForm<ClosureForm>({
    defaultValues: { first_day: picked ?? '', last_day: '', reason: '' },
  });
  const onSubmit = handleSubmit(async (v) => {
    setNotice(null);
    setFormError(null);
    try {
      const made = await add.mutateAsync({ first_day: v.first_day, ...(v.last_day ? { last_day: v.last_day } : {}), reason: v.reason });
      const when =
        made.first_day === made.last_day ? formatDate(made.first_day, lang) : t('year.range', { from: formatDate(made.first_day, lang), to: formatDate(made.last_day, lang) });
      setNotice(t('year.added', { reason: made.reason, when }));
      reset({ first_day: '', last_day: '', reason: '' });
    } catch (e) {
      const p = formProblem(t, e, ['first_day', 'last_day', 'reason']);
      for (const [f, m] of Object.entries(p.byField)) setError(f as keyof ClosureForm, { message: m });
      setFormError(p.form);
    }
  });
  const e = formState.errors;
  return (
    <section aria-labelledby={`admin-add-closure-${schedule.code}`} className="admin-subcard">
      <h3 id={`admin-add-closure-${schedule.code}`} className="admin-h3">
        {t('year.addTitle')}
      </h3>
      <p className="small muted">{t('year.addIntro')}</p>
      <form className="stack" noValidate onSubmit={onSubmit}>
        {notice && <Alert tone="success">{notice}</Alert>}
        {formError && <Alert tone="danger" title={t('common.formError')}><p>{formError}</p></Alert>}
        <div className="admin-two">
          <TextField label={t('year.first')} type="date" error={e.first_day?.message} {...register('first_day', { required: t('fieldError.required') })} />
          <TextField label={t('year.last')} type="date" hint={t('year.lastHint')} optional={t('common.optional')} error={e.last_day?.message} {...register('last_day')} />
        </div>
        <TextField label={t('year.reason')} hint={t('year.reasonHint')} error={e.reason?.message} {...register('reason')} />
        <div>
          <Button type="submit" busy={formState.isSubmitting}>
            {t('year.add')}
          </Button>
        </div>
      </form>
    </section>
  );
}
