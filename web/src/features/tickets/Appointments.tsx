import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { isApiProblem, mapFieldErrors } from '../../api/problem';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { DescriptionList } from '../../components/DescriptionList';
import { Dialog } from '../../components/Dialog';
import { ErrorState } from '../../components/ErrorState';
import { TextArea } from '../../components/Field';
import { Skeleton } from '../../components/Spinner';
import { formatRange } from '../../i18n/format';
import { useLang } from '../../i18n/useLang';
import { acceptAppointment, downloadIcs, requestMove, useTicketAppointments, type Appointment } from './api';
import { ticketKeys } from './keys';
import { APPOINTMENT_TONE } from './labels';

export function Appointments({ reference, readOnly }: { reference: string; readOnly: boolean }) {
  const { t } = useTranslation('tickets');
  const list = useTicketAppointments(reference);
  const [now] = useState(() => Date.now());
  if (list.isPending) return <Skeleton lines={3} />;
  if (list.isError) return <ErrorState error={list.error} title={t('appointments.error')} onRetry={() => void list.refetch()} />;
  const items = list.data.items;
  const upcoming = items.filter((a) => a.status !== 'cancelled' && Date.parse(a.ends_at) > now);
  const past = items.filter((a) => !upcoming.includes(a));
  if (!items.length) return <p className="muted">{t('appointments.none')}</p>;
  return (
    <div className="stack">
      {upcoming.length === 0 && <p className="muted">{t('appointments.none')}</p>}
      {upcoming.map((a) => (
        <AppointmentCard key={a.id} appt={a} reference={reference} readOnly={readOnly} />
      ))}
      {past.length > 0 && (
        <details>
          <summary>{t('appointments.past')}</summary>
          <div className="stack" style={{ marginTop: 12 }}>
            {past.map((a) => (
              <AppointmentCard key={a.id} appt={a} reference={reference} readOnly />
            ))}
          </div>
        </details>
      )}
    </div>
  );
}

function AppointmentCard({ appt, reference, readOnly }: { appt: Appointment; reference: string; readOnly: boolean }) {
  const { t } = useTranslation('tickets');
  const lang = useLang();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: 'success' | 'danger'; text: string; title?: string } | null>(null);
  const [moveOpen, setMoveOpen] = useState(false);
  const active = appt.status !== 'cancelled' && !readOnly;

  const refresh = () => queryClient.invalidateQueries({ queryKey: ticketKeys.ticket(reference) });

  const onAccept = async () => {
    setBusy(true);
    setMessage(null);
    try {
      await acceptAppointment(appt.id);
      setMessage({ tone: 'success', text: t('appointments.accepted_msg') });
      await refresh();
    } catch (e) {
      setMessage({ tone: 'danger', title: t('appointments.failed'), text: isApiProblem(e) ? e.detail : t('common:error.unexpected') });
    } finally {
      setBusy(false);
    }
  };

  const onIcs = async () => {
    try {
      await downloadIcs(appt);
    } catch (e) {
      setMessage({ tone: 'danger', title: t('appointments.icsFailed'), text: isApiProblem(e) ? e.detail : t('common:error.unexpected') });
    }
  };

  return (
    <section className="appt" aria-label={t('appointments.upcoming')}>
      <div className="row-between">
        <span className="appt-when">{formatRange(appt.starts_at, appt.ends_at, lang)}</span>
        <Badge tone={APPOINTMENT_TONE[appt.status]}>{t(`appointments.${appt.status}`)}</Badge>
      </div>
      <DescriptionList
        items={[
          { term: t('appointments.mode'), value: t(`appointments.${appt.mode}`) },
          { term: t('appointments.agent'), value: appt.agent_name || t('appointments.agentUnknown') },
          ...(appt.note ? [{ term: t('appointments.note'), value: <span className="prewrap">{appt.note}</span> }] : []),
          ...(appt.customer_note ? [{ term: t('appointments.yourNote'), value: <span className="prewrap">{appt.customer_note}</span> }] : []),
        ]}
      />
      {message && (
        <Alert tone={message.tone} title={message.title}>
          <p>{message.text}</p>
        </Alert>
      )}
      <div className="row">
        {active && appt.status !== 'accepted' && (
          <Button onClick={onAccept} busy={busy}>
            {busy ? t('appointments.accepting') : t('appointments.accept')}
          </Button>
        )}
        {active && (
          <Button variant="secondary" onClick={() => setMoveOpen(true)}>
            {t('appointments.move')}
          </Button>
        )}
        {appt.status !== 'cancelled' && (
          <Button variant="ghost" onClick={onIcs}>
            {t('appointments.ics')}
          </Button>
        )}
      </div>
      {moveOpen && (
        <MoveDialog
          appt={appt}
          onClose={() => setMoveOpen(false)}
          onDone={async () => {
            setMoveOpen(false);
            setMessage({ tone: 'success', text: t('appointments.moveSent') });
            await refresh();
          }}
        />
      )}
    </section>
  );
}

function MoveDialog({ appt, onClose, onDone }: { appt: Appointment; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation('tickets');
  const [error, setErrorText] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<{ reason: string }>({ defaultValues: { reason: '' } });
  const onSubmit = handleSubmit(async ({ reason }) => {
    setErrorText(null);
    try {
      await requestMove(appt.id, reason.trim());
      onDone();
    } catch (e) {
      if (isApiProblem(e) && e.status === 422) {
        const { byField, rest } = mapFieldErrors(e, ['reason'], { note: 'reason' });
        if (byField.reason) setError('reason', { message: byField.reason });
        if (rest.length) setErrorText(rest.map((r) => r.message).join(' '));
      } else setErrorText(isApiProblem(e) ? e.detail : t('common:error.unexpected'));
    }
  });
  return (
    <Dialog open onClose={onClose} title={t('appointments.moveTitle')}>
      <form className="stack" noValidate onSubmit={onSubmit}>
        {error && (
          <Alert tone="danger" title={t('appointments.failed')}>
            <p>{error}</p>
          </Alert>
        )}
        <TextArea
          label={t('appointments.moveReason')}
          hint={t('appointments.moveHint')}
          rows={4}
          autoFocus
          error={errors.reason?.message}
          {...register('reason', {
            validate: (s) => s.trim().length > 0 || t('appointments.moveRequired'),
            maxLength: { value: 2000, message: t('appointments.moveTooLong') },
          })}
        />
        <div className="dialog-actions">
          <Button variant="secondary" onClick={onClose}>
            {t('common:action.cancel')}
          </Button>
          <Button type="submit" busy={isSubmitting}>
            {t('appointments.moveSubmit')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
