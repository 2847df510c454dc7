import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { ticketKey } from '../../api/keys';
import { formFailure, isApiProblem } from '../../api/problem';
import type { Schema } from '../../api/types';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { TextArea, TextField } from '../../components/Field';
import { formatDate } from '../../i18n/format';
import { useLang } from '../../i18n/useLang';
import { deleteIntervention, reclassifyIntervention, updateIntervention, type CoverageRow, type InterventionView } from './api';
import { ClassificationDetails, OutcomeBadge, SubjectSelect } from './Classification';
import { formatMinutes, parseMinutes } from './time';

type TicketDetail = Schema<'TicketDetail'>;
type Message = { tone: 'success' | 'danger'; text: string };

function problemText(e: unknown, t: (k: string) => string): string {
  if (!isApiProblem(e)) return t('common:error.unexpected');
  return e.code === 'network' ? t('common:error.network') : e.detail;
}

/** The work recorded on the ticket, each entry with its frozen classification. */
export function InterventionList({ ticket, items, subjects, readOnly }: { ticket: TicketDetail; items: InterventionView[]; subjects: CoverageRow[]; readOnly: boolean }) {
  const { t } = useTranslation('interventions');
  const headingId = useId();
  const [message, setMessage] = useState<Message | null>(null);
  return (
    <section aria-labelledby={headingId} className="stack-sm">
      <h3 id={headingId} className="time-subtitle">
        {t('list.title', { n: items.length })}
      </h3>
      {message && (
        <Alert tone={message.tone}>
          <p>{message.text}</p>
        </Alert>
      )}
      {items.length === 0 ? (
        <p className="muted small">{t('list.empty')}</p>
      ) : (
        <ul className="time-list">
          {items.map((it) => (
            <Entry key={it.id} ticket={ticket} it={it} subjects={subjects} readOnly={readOnly} onMessage={setMessage} />
          ))}
        </ul>
      )}
    </section>
  );
}

function Entry({ ticket, it, subjects, readOnly, onMessage }: { ticket: TicketDetail; it: InterventionView; subjects: CoverageRow[]; readOnly: boolean; onMessage: (m: Message) => void }) {
  const { t } = useTranslation('interventions');
  const lang = useLang();
  const [dialog, setDialog] = useState<'edit' | 'reclassify' | 'delete' | null>(null);
  const subject = subjects.find((s) => s.code === it.subject);
  const subjectLabel = subject ? (lang === 'nl' ? subject.label_nl : subject.label_en) : it.subject;
  const title = t('list.entry', { date: formatDate(it.performed_on, lang), minutes: formatMinutes(it.minutes, lang) });
  const close = () => setDialog(null);
  return (
    <li className="time-item">
      <article aria-label={title} className="stack-sm">
        <div className="row-between">
          <span className="time-item-title">
            {title}
            {it.agent_name && <span className="muted time-item-agent"> · {t('list.by', { agent: it.agent_name })}</span>}
          </span>
          <OutcomeBadge outcome={it.classification.outcome} />
        </div>
        <p className="small time-item-subject">
          {subjectLabel}
          {it.classification.contract_number && <> · {t('list.contract', { contract: it.classification.contract_number })}</>}
        </p>
        <p className="prewrap time-item-description">{it.description}</p>
        <ClassificationDetails c={it.classification} explanation={it.explanation} />
        <div className="row">
          {!readOnly && (
            <Button variant="secondary" size="sm" onClick={() => setDialog('edit')}>
              {t('list.edit')}
            </Button>
          )}
          <Button variant="secondary" size="sm" onClick={() => setDialog('reclassify')}>
            {t('list.reclassify')}
          </Button>
          {!readOnly && (
            <Button variant="ghost" size="sm" onClick={() => setDialog('delete')}>
              {t('list.delete')}
            </Button>
          )}
        </div>
      </article>
      {dialog === 'edit' && (
        <EditDialog
          reference={ticket.reference}
          it={it}
          subjects={subjects}
          onClose={close}
          onDone={() => {
            close();
            onMessage({ tone: 'success', text: t('edit.done') });
          }}
        />
      )}
      {dialog === 'reclassify' && (
        <ReclassifyDialog
          reference={ticket.reference}
          it={it}
          entry={title}
          onClose={close}
          onDone={(after) => {
            close();
            const now = after.classification.outcome;
            onMessage({
              tone: 'success',
              text:
                now === it.classification.outcome
                  ? t('reclassify.same', { outcome: t(`outcome.${now}`) })
                  : t('reclassify.changed', { before: t(`outcome.${it.classification.outcome}`), after: t(`outcome.${now}`) }),
            });
          }}
        />
      )}
      {dialog === 'delete' && (
        <ConfirmDialog
          title={t('delete.title')}
          body={t('delete.body', { entry: title })}
          confirm={t('delete.confirm')}
          failed={t('delete.failed')}
          danger
          reference={ticket.reference}
          run={() => deleteIntervention(ticket.reference, it.id).then(() => null)}
          onClose={close}
          onDone={() => {
            close();
            onMessage({ tone: 'success', text: t('delete.done', { entry: title }) });
          }}
        />
      )}
    </li>
  );
}

/** A yes/no question before a change that cannot be undone from here. */
function ConfirmDialog(p: {
  title: string;
  body: string;
  confirm: string;
  failed: string;
  danger?: boolean;
  reference: string;
  run: () => Promise<InterventionView | null>;
  onClose: () => void;
  onDone: (after: InterventionView | null) => void;
}) {
  const { t } = useTranslation('interventions');
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const onConfirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const after = await p.run();
      await queryClient.invalidateQueries({ queryKey: ticketKey(p.reference) });
      p.onDone(after);
    } catch (e) {
      setError(problemText(e, t));
      setBusy(false);
    }
  };
  return (
    <Dialog open onClose={p.onClose} title={p.title}>
      <div className="stack">
        {error && (
          <Alert tone="danger" title={p.failed}>
            <p>{error}</p>
          </Alert>
        )}
        <p>{p.body}</p>
        <div className="dialog-actions">
          <Button variant="secondary" onClick={p.onClose} autoFocus>
            {t('common:action.cancel')}
          </Button>
          <Button variant={p.danger ? 'danger' : 'primary'} onClick={onConfirm} busy={busy}>
            {p.confirm}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}

/** Reclassify with today's rules, with an optional reason that the history keeps. */
function ReclassifyDialog({ reference, it, entry, onClose, onDone }: { reference: string; it: InterventionView; entry: string; onClose: () => void; onDone: (after: InterventionView) => void }) {
  const { t } = useTranslation('interventions');
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<{ reason: string }>({ defaultValues: { reason: '' } });
  const onSubmit = handleSubmit(async ({ reason }) => {
    setFormError(null);
    const why = reason.trim();
    try {
      const after = await reclassifyIntervention(reference, it.id, why === '' ? undefined : why);
      await queryClient.invalidateQueries({ queryKey: ticketKey(reference) });
      onDone(after);
    } catch (e) {
      setFormError(formFailure(e, ['reason'], (f, message) => setError(f as 'reason', { message }), t));
    }
  });
  return (
    <Dialog open onClose={onClose} title={t('reclassify.title')}>
      <form className="stack" noValidate onSubmit={onSubmit}>
        {formError && (
          <Alert tone="danger" title={t('reclassify.failed')}>
            <p>{formError}</p>
          </Alert>
        )}
        <p>{t('reclassify.body', { entry })}</p>
        <TextArea
          label={t('reclassify.reason')}
          optional={t('common:form.optional')}
          hint={t('reclassify.reasonHint')}
          rows={3}
          autoFocus
          error={errors.reason?.message}
          {...register('reason', { maxLength: { value: 2000, message: t('reclassify.reasonTooLong') } })}
        />
        <div className="dialog-actions">
          <Button variant="secondary" onClick={onClose}>
            {t('common:action.cancel')}
          </Button>
          <Button type="submit" busy={isSubmitting}>
            {t('reclassify.confirm')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

interface EditForm {
  minutes: string;
  performed_on: string;
  subject: string;
  description: string;
}

function EditDialog({ reference, it, subjects, onClose, onDone }: { reference: string; it: InterventionView; subjects: CoverageRow[]; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation('interventions');
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<EditForm>({
    defaultValues: { minutes: String(it.minutes), performed_on: it.performed_on, subject: it.subject, description: it.description },
  });
  const onSubmit = handleSubmit(async (v) => {
    setFormError(null);
    const minutes = parseMinutes(v.minutes) ?? it.minutes;
    const description = v.description.trim();
    // Only what changed: a corrected description alone keeps the frozen classification.
    const body = {
      ...(minutes !== it.minutes ? { minutes } : {}),
      ...(v.performed_on !== it.performed_on ? { performed_on: v.performed_on } : {}),
      ...(v.subject !== it.subject ? { subject: v.subject } : {}),
      ...(description !== it.description ? { description } : {}),
    };
    if (Object.keys(body).length === 0) {
      onClose();
      return;
    }
    try {
      await updateIntervention(reference, it.id, body);
      await queryClient.invalidateQueries({ queryKey: ticketKey(reference) });
      onDone();
    } catch (e) {
      setFormError(formFailure(e, ['minutes', 'performed_on', 'subject', 'description'], (f, message) => setError(f as keyof EditForm, { message }), t));
    }
  });
  return (
    <Dialog open onClose={onClose} title={t('edit.title')}>
      <form className="stack" noValidate onSubmit={onSubmit}>
        {formError && (
          <Alert tone="danger" title={t('edit.failed')}>
            <p>{formError}</p>
          </Alert>
        )}
        <p className="small muted">{t('edit.hint')}</p>
        <div className="time-row">
          <TextField
            label={t('form.minutes')}
            inputMode="numeric"
            autoComplete="off"
            error={errors.minutes?.message}
            {...register('minutes', { validate: (s) => parseMinutes(s) !== null || t('form.minutesInvalid') })}
          />
          <TextField label={t('form.date')} type="date" error={errors.performed_on?.message} {...register('performed_on', { required: t('form.dateRequired') })} />
        </div>
        <SubjectSelect subjects={subjects} loading={false} current={it.subject} error={errors.subject?.message} {...register('subject', { required: t('form.subjectRequired') })} />
        <TextArea
          label={t('form.description')}
          rows={3}
          error={errors.description?.message}
          {...register('description', {
            validate: (s) => s.trim().length > 0 || t('form.descriptionRequired'),
            maxLength: { value: 20000, message: t('form.descriptionTooLong') },
          })}
        />
        <div className="dialog-actions">
          <Button variant="secondary" onClick={onClose}>
            {t('common:action.cancel')}
          </Button>
          <Button type="submit" busy={isSubmitting}>
            {isSubmitting ? t('common:state.saving') : t('edit.submit')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
