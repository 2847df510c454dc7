import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { ticketKey } from '../../api/keys';
import { isApiProblem } from '../../api/problem';
import type { Schema } from '../../api/types';
import { Alert } from '../../components/Alert';
import { Badge, type Tone } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Card, CardBody, CardHeader } from '../../components/Card';
import { DescriptionList } from '../../components/DescriptionList';
import { Dialog } from '../../components/Dialog';
import { ErrorState } from '../../components/ErrorState';
import { Skeleton } from '../../components/Spinner';
import { formatRange } from '../../i18n/format';
import { useLang } from '../../i18n/useLang';
import { cancelAppointment, downloadIcs, useTicketAppointments, type Appointment } from './api';
import { BookingDialog } from './BookingDialog';
import { bookingKeys } from './keys';
import './appointments.css';

type TicketDetail = Schema<'TicketDetail'>;
type Message = { tone: 'success' | 'danger'; title?: string; text: string };

const STATUS_TONE: Record<Appointment['status'], Tone> = {
  booked: 'info',
  accepted: 'success',
  move_requested: 'warning',
  cancelled: 'neutral',
};

/** Book, move and cancel interventions on a ticket (staff), with the customer's answers. */
export function BookingPanel({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation('appointments');
  const headingId = useId();
  const list = useTicketAppointments(ticket.reference);
  const [booking, setBooking] = useState(false);
  const [message, setMessage] = useState<Message | null>(null);
  const [now] = useState(() => Date.now());
  const closed = ticket.status === 'closed';

  const items = list.data?.items ?? [];
  const upcoming = items.filter((a) => a.status !== 'cancelled' && Date.parse(a.ends_at) > now);
  const earlier = items.filter((a) => !upcoming.includes(a));

  return (
    <Card aria-labelledby={headingId} className="booking-panel">
      <CardHeader
        id={headingId}
        title={t('title')}
        actions={
          !closed && (
            <Button size="sm" onClick={() => setBooking(true)}>
              {t('book')}
            </Button>
          )
        }
      />
      <CardBody>
        <div className="stack">
          {message && (
            <Alert tone={message.tone} title={message.title}>
              <p>{message.text}</p>
            </Alert>
          )}
          {closed && <p className="muted small">{t('closedTicket')}</p>}
          {list.isPending ? (
            <Skeleton lines={3} />
          ) : list.isError ? (
            <ErrorState error={list.error} title={t('error')} onRetry={() => void list.refetch()} />
          ) : (
            <>
              {upcoming.length === 0 && <p className="muted">{t('none')}</p>}
              {upcoming.map((a) => (
                <AppointmentItem key={a.id} appt={a} reference={ticket.reference} readOnly={closed} onMessage={setMessage} />
              ))}
              {earlier.length > 0 && (
                <details className="booking-earlier">
                  <summary>{t('earlier', { count: earlier.length })}</summary>
                  <div className="stack-sm">
                    {earlier.map((a) => (
                      <AppointmentItem key={a.id} appt={a} reference={ticket.reference} readOnly onMessage={setMessage} />
                    ))}
                  </div>
                </details>
              )}
            </>
          )}
        </div>
      </CardBody>
      {booking && (
        <BookingDialog
          reference={ticket.reference}
          onClose={() => setBooking(false)}
          onDone={() => {
            setBooking(false);
            setMessage({ tone: 'success', text: t('booked') });
          }}
        />
      )}
    </Card>
  );
}

function AppointmentItem({
  appt,
  reference,
  readOnly,
  onMessage,
}: {
  appt: Appointment;
  reference: string;
  readOnly: boolean;
  onMessage: (m: Message) => void;
}) {
  const { t } = useTranslation('appointments');
  const lang = useLang();
  const [dialog, setDialog] = useState<'move' | 'cancel' | null>(null);
  const active = appt.status !== 'cancelled';
  const when = formatRange(appt.starts_at, appt.ends_at, lang);

  const onIcs = async () => {
    try {
      await downloadIcs(appt);
    } catch (e) {
      onMessage({ tone: 'danger', title: t('icsFailed'), text: isApiProblem(e) ? e.detail : t('common:error.unexpected') });
    }
  };

  return (
    <article className="booking-appt" aria-label={t('appointmentOf', { when })}>
      <div className="row-between">
        <span className="booking-when">{when}</span>
        <Badge tone={STATUS_TONE[appt.status]}>{t(`status.${appt.status}`)}</Badge>
      </div>
      <DescriptionList
        items={[
          { term: t('agent'), value: appt.agent_name },
          { term: t('modeLabel'), value: t(`mode.${appt.mode}`) },
          ...(appt.note ? [{ term: t('note'), value: <span className="prewrap">{appt.note}</span> }] : []),
        ]}
      />
      {appt.status === 'move_requested' && (
        <Alert tone="warning" title={t('moveRequested')} live={false}>
          {appt.customer_note ? <p className="prewrap">“{appt.customer_note}”</p> : <p>{t('moveRequestedNoNote')}</p>}
        </Alert>
      )}
      {appt.status === 'accepted' && <p className="small booking-answer">{t('acceptedExplain')}</p>}
      {appt.status === 'booked' && <p className="small muted booking-answer">{t('bookedExplain')}</p>}
      {active && (
        <div className="row">
          {!readOnly && (
            <>
              <Button variant="secondary" size="sm" onClick={() => setDialog('move')}>
                {t('move')}
              </Button>
              <Button variant="secondary" size="sm" onClick={() => setDialog('cancel')}>
                {t('cancel')}
              </Button>
            </>
          )}
          <Button variant="ghost" size="sm" onClick={onIcs}>
            {t('ics')}
          </Button>
        </div>
      )}
      {dialog === 'move' && (
        <BookingDialog
          reference={reference}
          moving={appt}
          onClose={() => setDialog(null)}
          onDone={(moved) => {
            setDialog(null);
            onMessage({ tone: 'success', text: t('moved', { when: formatRange(moved.starts_at, moved.ends_at, lang) }) });
          }}
        />
      )}
      {dialog === 'cancel' && (
        <CancelDialog
          appt={appt}
          reference={reference}
          when={when}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            onMessage({ tone: 'success', text: t('cancelled', { when }) });
          }}
        />
      )}
    </article>
  );
}

function CancelDialog({ appt, reference, when, onClose, onDone }: { appt: Appointment; reference: string; when: string; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation('appointments');
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const onConfirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await cancelAppointment(appt.id);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ticketKey(reference) }),
        queryClient.invalidateQueries({ queryKey: bookingKeys.slotsAll() }),
      ]);
      onDone();
    } catch (e) {
      setError(isApiProblem(e) ? (e.code === 'network' ? t('common:error.network') : e.detail) : t('common:error.unexpected'));
      setBusy(false);
    }
  };
  return (
    <Dialog open onClose={onClose} title={t('cancelTitle')}>
      <div className="stack">
        {error && (
          <Alert tone="danger" title={t('cancelFailed')}>
            <p>{error}</p>
          </Alert>
        )}
        <p>{t('cancelBody', { when, agent: appt.agent_name })}</p>
        <div className="dialog-actions">
          <Button variant="secondary" onClick={onClose} autoFocus>
            {t('keep')}
          </Button>
          <Button variant="danger" onClick={onConfirm} busy={busy}>
            {t('cancelConfirm')}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
