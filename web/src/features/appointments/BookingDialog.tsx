import { useMemo, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { ticketKey } from '../../api/keys';
import { isApiProblem, mapFieldErrors } from '../../api/problem';
import { useUser } from '../../api/useSession';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { Select, TextArea } from '../../components/Field';
import { brusselsDate } from '../../i18n/format';
import { useLang } from '../../i18n/useLang';
import { bookAppointment, moveAppointment, useFreeSlots, useScheduleDays, useStaff, type Appointment, type AppointmentMode } from './api';
import { bookingKeys } from './keys';
import { addDays, mondayOf, pickerDays, type Slot } from './slots';
import { SlotPicker } from './SlotPicker';

const LENGTHS = [30, 60, 90, 120, 180, 240] as const;
const MODES: readonly AppointmentMode[] = ['remote', 'on_site'];

interface Form {
  agent_id: string;
  minutes: string;
  mode: AppointmentMode;
  note: string;
}

interface Props {
  reference: string;
  /** The appointment to move; absent when booking a new one. */
  moving?: Appointment;
  onClose: () => void;
  onDone: (appt: Appointment) => void;
}

function lengthOf(a: Appointment): number {
  return Math.round((Date.parse(a.ends_at) - Date.parse(a.starts_at)) / 60_000);
}

/** Books an intervention, or moves one, in a free slot of the chosen agent. */
export function BookingDialog({ reference, moving, onClose, onDone }: Props) {
  const { t } = useTranslation('appointments');
  const lang = useLang();
  const me = useUser();
  const queryClient = useQueryClient();
  const staff = useStaff();
  const [now] = useState(() => new Date());
  const today = brusselsDate(now);
  const [weekStart, setWeekStart] = useState(() =>
    mondayOf(moving && Date.parse(moving.starts_at) > now.getTime() ? brusselsDate(moving.starts_at) : today),
  );
  const weekEnd = addDays(weekStart, 6);
  const [day, setDay] = useState<string | null>(null);
  const [slot, setSlot] = useState<Slot | null>(null);
  const [timeError, setTimeError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);

  const lengths = useMemo(() => {
    const current = moving ? lengthOf(moving) : 60;
    return [...new Set([...LENGTHS, current])].sort((a, b) => a - b);
  }, [moving]);

  const {
    register,
    handleSubmit,
    control,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<Form>({
    defaultValues: {
      agent_id: moving?.agent_id ?? me?.id ?? '',
      minutes: String(moving ? lengthOf(moving) : 60),
      mode: moving?.mode ?? 'remote',
      note: moving?.note ?? '',
    },
  });
  const agent = useWatch({ control, name: 'agent_id' });
  const minutes = Number(useWatch({ control, name: 'minutes' }));

  const days = useScheduleDays(weekStart, weekEnd, lang);
  const slots = useFreeSlots(agent, minutes, weekStart, weekEnd);
  const picker = useMemo(
    () => (days.data && slots.data ? pickerDays(days.data.days, slots.data.slots, now) : undefined),
    [days.data, slots.data, now],
  );

  // A change of agent, length or week may take the chosen time away: then it is chosen again.
  const chosenDay = picker?.find((d) => d.date === day);
  const stillFree = chosenDay?.state === 'free' && chosenDay.slots.some((s) => s.start === slot?.start);
  const chosenSlot = stillFree ? slot : null;

  const onSubmit = handleSubmit(async (v) => {
    setFormError(null);
    if (!chosenSlot) {
      setTimeError(t('picker.required'));
      return;
    }
    const note = v.note.trim();
    try {
      const appt = moving
        ? await moveAppointment(moving.id, {
            starts_at: chosenSlot.start,
            minutes: Number(v.minutes),
            mode: v.mode,
            note,
            ...(v.agent_id !== moving.agent_id ? { agent_id: v.agent_id } : {}),
          })
        : await bookAppointment({
            ticket: reference,
            agent_id: v.agent_id,
            starts_at: chosenSlot.start,
            minutes: Number(v.minutes),
            mode: v.mode,
            ...(note ? { note } : {}),
          });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ticketKey(reference) }),
        queryClient.invalidateQueries({ queryKey: bookingKeys.slotsAll() }),
      ]);
      onDone(appt);
    } catch (e) {
      if (!isApiProblem(e)) {
        setFormError(t('common:error.unexpected'));
        return;
      }
      // Someone took the time meanwhile: show the agent's free times as they are now.
      if (e.status === 409) void slots.refetch();
      const { byField, rest } = mapFieldErrors(e, ['agent_id', 'minutes', 'mode', 'note', 'starts_at']);
      for (const f of ['agent_id', 'minutes', 'mode', 'note'] as const) if (byField[f]) setError(f, { message: byField[f] });
      if (byField.starts_at) setTimeError(byField.starts_at);
      const text = rest.length ? rest.map((r) => r.message).join(' ') : Object.keys(byField).length ? '' : e.code === 'network' ? t('common:error.network') : e.detail;
      if (text) setFormError(text);
    }
  });

  return (
    <Dialog open onClose={onClose} title={moving ? t('dialog.moveTitle') : t('dialog.bookTitle')}>
      <form className="stack booking-form" noValidate onSubmit={onSubmit}>
        {formError && (
          <Alert tone="danger" title={moving ? t('dialog.moveFailed') : t('dialog.bookFailed')}>
            <p>{formError}</p>
          </Alert>
        )}
        <div className="booking-row">
          <Select
            label={t('dialog.agent')}
            error={errors.agent_id?.message}
            disabled={staff.isPending}
            {...register('agent_id', { required: t('dialog.agentRequired') })}
          >
            {staff.isPending && <option value={agent}>{t('dialog.agentLoading')}</option>}
            {(staff.data ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.id === me?.id ? t('dialog.you', { name: u.display_name }) : u.display_name}
              </option>
            ))}
          </Select>
          <Select label={t('dialog.length')} error={errors.minutes?.message} {...register('minutes')}>
            {lengths.map((m) => (
              <option key={m} value={m}>
                {t('dialog.minutes', { count: m })}
              </option>
            ))}
          </Select>
        </div>
        {staff.isError && <p className="field-error">{t('dialog.agentError')}</p>}
        <SlotPicker
          days={picker}
          loading={days.isFetching || slots.isFetching}
          error={days.error ?? slots.error}
          onRetry={() => {
            void days.refetch();
            void slots.refetch();
          }}
          weekStart={weekStart}
          weekEnd={weekEnd}
          canGoBack={weekStart > mondayOf(today)}
          onWeek={(step) => setWeekStart((w) => addDays(w, 7 * step))}
          day={chosenDay?.state === 'free' ? day : null}
          onDay={(d) => {
            setDay(d);
            setSlot(null);
          }}
          start={chosenSlot?.start ?? null}
          onStart={(s) => {
            setSlot(s);
            setTimeError(undefined);
          }}
          timeError={timeError}
        />
        <fieldset className="radio-group">
          <legend>{t('dialog.mode')}</legend>
          {MODES.map((m) => (
            <label key={m} className="radio-pill">
              <input type="radio" value={m} {...register('mode')} />
              <span>{t(`mode.${m}`)}</span>
            </label>
          ))}
        </fieldset>
        <TextArea
          label={t('dialog.note')}
          hint={t('dialog.noteHint')}
          optional={t('common:form.optional')}
          rows={3}
          error={errors.note?.message}
          {...register('note', { maxLength: { value: 2000, message: t('dialog.noteTooLong') } })}
        />
        <div className="dialog-actions">
          <Button variant="secondary" onClick={onClose}>
            {t('common:action.cancel')}
          </Button>
          <Button type="submit" busy={isSubmitting}>
            {isSubmitting ? t('common:state.saving') : moving ? t('dialog.moveSubmit') : t('dialog.bookSubmit')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
