import { useId, useMemo, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { ticketKey } from '../../api/keys';
import { formFailure, isApiProblem } from '../../api/problem';
import type { Schema } from '../../api/types';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Select, TextArea, TextField } from '../../components/Field';
import { Spinner } from '../../components/Spinner';
import { brusselsDate, formatRange } from '../../i18n/format';
import { useLang } from '../../i18n/useLang';
import { recordIntervention, useTicketAppointments, useClassification, type CoverageRow } from './api';
import { ClassificationDetails, OutcomeBadge, SubjectSelect } from './Classification';
import type { ClassifyInput } from './keys';
import { classifyInput, formatMinutes, parseMinutes } from './time';
import { useDebouncedValue } from '../../components/useDebouncedValue';

type TicketDetail = Schema<'TicketDetail'>;

interface Form {
  minutes: string;
  performed_on: string;
  subject: string;
  appointment_id: string;
  description: string;
}

const FIELDS = ['minutes', 'performed_on', 'subject', 'appointment_id', 'description'] as const;
/** How long the input must stand still before it is classified. */
const CLASSIFY_DELAY_MS = 350;

/** Records work on the ticket; while the agent types, shows whether it is included or billable. */
export function RecordForm({ ticket, subjects, subjectsLoading }: { ticket: TicketDetail; subjects: CoverageRow[]; subjectsLoading: boolean }) {
  const { t } = useTranslation('interventions');
  const lang = useLang();
  const queryClient = useQueryClient();
  const id = useId();
  const appointments = useTicketAppointments(ticket.reference);
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const defaultSubject = subjects.some((s) => s.code === ticket.category && !s.retired) ? (ticket.category ?? '') : '';
  const {
    register,
    handleSubmit,
    control,
    setValue,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<Form>({
    values: { minutes: '', performed_on: brusselsDate(), subject: defaultSubject, appointment_id: '', description: '' },
    resetOptions: { keepDirtyValues: true },
  });

  const [minutes, date, subject] = useWatch({ control, name: ['minutes', 'performed_on', 'subject'] });
  // Debounce a string, not an object: a new object each render would restart the wait forever.
  const typed = JSON.stringify(classifyInput(ticket.organization_id, { minutes, date, subject }));
  const settled = useDebouncedValue(typed, CLASSIFY_DELAY_MS);
  const input = useMemo(() => JSON.parse(settled) as ClassifyInput | null, [settled]);
  const classification = useClassification(input, lang);
  const waiting = typed !== settled || classification.isFetching;

  const usable = (appointments.data?.items ?? []).filter((a) => a.status !== 'cancelled');

  const onSubmit = handleSubmit(async (v) => {
    setFormError(null);
    setSaved(null);
    try {
      const done = await recordIntervention(ticket.reference, {
        minutes: parseMinutes(v.minutes) ?? 0,
        performed_on: v.performed_on,
        subject: v.subject,
        description: v.description.trim(),
        ...(v.appointment_id ? { appointment_id: v.appointment_id } : {}),
      });
      await queryClient.invalidateQueries({ queryKey: ticketKey(ticket.reference) });
      reset({ minutes: '', performed_on: v.performed_on, subject: v.subject, appointment_id: '', description: '' });
      setSaved(t(`form.saved.${done.classification.outcome}`, { minutes: formatMinutes(done.minutes, lang) }));
    } catch (e) {
      setFormError(formFailure(e, FIELDS, (f, message) => setError(f as keyof Form, { message }), t));
    }
  });

  return (
    <form className="stack time-form" noValidate onSubmit={onSubmit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="time-subtitle">
        {t('form.title')}
      </h3>
      {formError && (
        <Alert tone="danger" title={t('form.failed')}>
          <p>{formError}</p>
        </Alert>
      )}
      {saved && (
        <Alert tone="success">
          <p>{saved}</p>
        </Alert>
      )}
      <div className="time-row">
        <TextField
          label={t('form.minutes')}
          inputMode="numeric"
          autoComplete="off"
          error={errors.minutes?.message}
          {...register('minutes', {
            validate: (s) => parseMinutes(s) !== null || t('form.minutesInvalid'),
          })}
        />
        <TextField
          label={t('form.date')}
          type="date"
          error={errors.performed_on?.message}
          {...register('performed_on', { required: t('form.dateRequired') })}
        />
      </div>
      <SubjectSelect
        subjects={subjects}
        loading={subjectsLoading}
        error={errors.subject?.message}
        {...register('subject', { required: t('form.subjectRequired') })}
      />
      <Select
        label={t('form.appointment')}
        optional={t('common:form.optional')}
        error={errors.appointment_id?.message}
        {...register('appointment_id', {
          onChange: (ev: { target: { value: string } }) => {
            // Work done in an appointment happened on its day.
            const appt = usable.find((a) => a.id === ev.target.value);
            if (appt) setValue('performed_on', brusselsDate(appt.starts_at));
          },
        })}
      >
        <option value="">{t('form.noAppointment')}</option>
        {usable.map((a) => (
          <option key={a.id} value={a.id}>
            {formatRange(a.starts_at, a.ends_at, lang)} · {a.agent_name}
          </option>
        ))}
      </Select>
      <TextArea
        label={t('form.description')}
        rows={3}
        error={errors.description?.message}
        {...register('description', {
          validate: (s) => s.trim().length > 0 || t('form.descriptionRequired'),
          maxLength: { value: 20000, message: t('form.descriptionTooLong') },
        })}
      />
      <section className="time-preview" aria-labelledby={`${id}-preview`} aria-live="polite" aria-busy={waiting || undefined}>
        <h4 id={`${id}-preview`} className="time-preview-title">
          {t('preview.title')}
        </h4>
        {typed === 'null' ? (
          <p className="small muted">{t('preview.incomplete')}</p>
        ) : classification.isError ? (
          <p className="small field-error">
            {isApiProblem(classification.error) ? classification.error.detail : t('preview.error')}
          </p>
        ) : classification.data ? (
          <div className={waiting ? 'time-preview-stale stack-sm' : 'stack-sm'}>
            <div className="row">
              <OutcomeBadge outcome={classification.data.outcome} />
              {waiting && <Spinner label={t('preview.updating')} />}
            </div>
            <ClassificationDetails c={classification.data} explanation={classification.data.explanation} />
          </div>
        ) : (
          <Spinner label={t('preview.loading')} />
        )}
      </section>
      <div className="row">
        <Button type="submit" busy={isSubmitting}>
          {isSubmitting ? t('common:state.saving') : t('form.submit')}
        </Button>
      </div>
    </form>
  );
}
