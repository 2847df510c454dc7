import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { TextField } from '../../components/Field';
import { isApiProblem } from '../../api/problem';
import { useSaveSchedule, type ScheduleView } from './api';
import { fieldMessage, formProblem } from './form';
import { addInterval, checkDay, copyToWeekdays, parseHoursField, toForm, toWeekly, WEEKDAYS, type HoursForm, type Weekday } from './hours';

/** Both halves of a split day (and any further interval) per weekday, with the holiday switches. */
export function HoursEditor({ schedule }: { schedule: ScheduleView }) {
  const { t } = useTranslation('admin');
  const save = useSaveSchedule(schedule.code);
  const [form, setForm] = useState<HoursForm>(() => toForm(schedule.weekly_hours));
  const [name, setName] = useState(schedule.name);
  const [holidays, setHolidays] = useState(schedule.belgian_holidays);
  const [christmas, setChristmas] = useState(schedule.christmas_closure);
  const [shown, setShown] = useState(false);
  const [apiErrors, setApiErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const local: Record<string, string> = {};
  for (const d of WEEKDAYS) for (const [k, p] of Object.entries(checkDay(form[d]))) local[`${d}.${k}`] = t(`schedules.problem.${p}`);
  const errorOf = (key: string) => (shown ? local[key] : undefined) ?? apiErrors[key];

  const change = (next: HoursForm) => {
    setNotice(null);
    setApiErrors({});
    setForm(next);
  };
  const setTime = (day: Weekday, idx: number, part: 'start' | 'end', value: string) =>
    change({ ...form, [day]: form[day].map((i, k) => (k === idx ? { ...i, [part]: value } : i)) });

  const onSubmit = async (ev: React.FormEvent) => {
    ev.preventDefault();
    setShown(true);
    setFormError(null);
    setNotice(null);
    if (Object.keys(local).length) return;
    try {
      await save.mutateAsync({
        name,
        time_zone: schedule.time_zone,
        belgian_holidays: holidays,
        christmas_closure: christmas,
        weekly_hours: toWeekly(form),
      });
      setApiErrors({});
      setNotice(t('schedules.savedHours', { name }));
    } catch (e) {
      const byKey: Record<string, string> = {};
      const rest: string[] = [];
      if (isApiProblem(e) && e.status === 422) {
        for (const fe of e.fieldErrors) {
          const at = parseHoursField(fe.field);
          if (at) byKey[`${at.day}.${at.index ?? 0}.start`] = fieldMessage(t, fe);
          else if (fe.field === 'name') byKey.name = fieldMessage(t, fe);
          else rest.push(`${fe.field}: ${fieldMessage(t, fe)}`);
        }
        setApiErrors(byKey);
        setFormError(rest.length ? rest.join(' ') : null);
      } else {
        setFormError(formProblem(t, e, []).form);
      }
    }
  };

  return (
    <form className="stack" noValidate onSubmit={(e) => void onSubmit(e)}>
      <p className="small muted">{t('schedules.hoursIntro', { zone: schedule.time_zone })}</p>
      <TextField label={t('schedules.name')} value={name} error={apiErrors.name} onChange={(e) => setName(e.target.value)} />
      <div className="admin-days">
        {WEEKDAYS.map((day) => {
          const dayName = t(`schedules.weekday.${day}`);
          return (
            <fieldset key={day} className="admin-day">
              <legend>{dayName}</legend>
              {form[day].length === 0 && <p className="muted small">{t('schedules.closedDay')}</p>}
              {form[day].map((iv, idx) => (
                <div key={idx} className="admin-interval" role="group" aria-label={t('schedules.intervalOf', { day: dayName, n: idx + 1 })}>
                  <TextField
                    label={t('schedules.from')}
                    value={iv.start}
                    inputMode="numeric"
                    placeholder="08:30"
                    error={errorOf(`${day}.${idx}.start`)}
                    onChange={(e) => setTime(day, idx, 'start', e.target.value)}
                    aria-label={`${dayName} ${idx + 1}: ${t('schedules.from')}`}
                  />
                  <TextField
                    label={t('schedules.to')}
                    value={iv.end}
                    inputMode="numeric"
                    placeholder="12:00"
                    error={errorOf(`${day}.${idx}.end`)}
                    onChange={(e) => setTime(day, idx, 'end', e.target.value)}
                    aria-label={`${dayName} ${idx + 1}: ${t('schedules.to')}`}
                  />
                  <Button
                    variant="ghost"
                    size="sm"
                    className="admin-interval-remove"
                    aria-label={t('schedules.removeInterval', { day: dayName, from: iv.start, to: iv.end })}
                    onClick={() => change({ ...form, [day]: form[day].filter((_, k) => k !== idx) })}
                  >
                    ✕
                  </Button>
                </div>
              ))}
              <div className="row">
                <Button variant="secondary" size="sm" onClick={() => change({ ...form, [day]: addInterval(form[day]) })} aria-label={t('schedules.addInterval', { day: dayName })}>
                  +
                </Button>
                {form[day].length > 0 && WEEKDAYS.indexOf(day) < 5 && (
                  <Button variant="ghost" size="sm" className="admin-wrap" onClick={() => change(copyToWeekdays(form, day))} aria-label={t('schedules.copyWeekdays', { day: dayName })}>
                    {t('schedules.copyShort')}
                  </Button>
                )}
              </div>
            </fieldset>
          );
        })}
      </div>
      <label className="admin-check">
        <input type="checkbox" checked={holidays} onChange={(e) => setHolidays(e.target.checked)} /> {t('schedules.holidays')}
      </label>
      <label className="admin-check">
        <input type="checkbox" checked={christmas} onChange={(e) => setChristmas(e.target.checked)} /> {t('schedules.christmas')}
      </label>
      {notice && <Alert tone="success">{notice}</Alert>}
      {formError && <Alert tone="danger" title={t('common.formError')}><p>{formError}</p></Alert>}
      <div>
        <Button type="submit" busy={save.isPending}>
          {t('schedules.saveHours')}
        </Button>
      </div>
    </form>
  );
}
