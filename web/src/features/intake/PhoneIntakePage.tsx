import { useId, useRef, useState } from 'react';
import { useForm, useWatch, type Control, type UseFormRegister } from 'react-hook-form';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { isTicketListKey } from '../../api/keys';
import { formFailure } from '../../api/problem';
import type { Schema } from '../../api/types';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Card, CardBody } from '../../components/Card';
import { TextArea, TextField } from '../../components/Field';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState } from '../../components/ErrorState';
import { Skeleton } from '../../components/Spinner';
import { createPhoneTicket, useMembers, usePriorityMatrix, type User } from './api';
import { CustomerCombobox, type Picked } from './CustomerCombobox';
import { PhoneLineCard } from './PhoneLineCard';
import './intake.css';

type Impact = Schema<'Impact'>;
type Urgency = Schema<'Urgency'>;
const LEVELS = ['low', 'medium', 'high', 'critical'] as const;

interface Form {
  subject: string;
  description: string;
  impact: Impact;
  urgency: Urgency;
}

const FIELDS = ['subject', 'description', 'impact', 'urgency'] as const;

/** Log a phone call as a ticket for a customer (staff), then open it. */
export default function PhoneIntakePage() {
  const { t } = useTranslation('intake');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const comboRef = useRef<HTMLInputElement>(null);
  const [picked, setPicked] = useState<Picked | null>(null);
  const [member, setMember] = useState<User | null>(null);
  const [customerError, setCustomerError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const requester = picked?.kind === 'user' ? picked.user : member;
  const {
    register,
    handleSubmit,
    control,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<Form>({ defaultValues: { subject: '', description: '', impact: 'medium', urgency: 'medium' } });

  const change = () => {
    setPicked(null);
    setMember(null);
    requestAnimationFrame(() => comboRef.current?.focus());
  };

  const onSubmit = handleSubmit(async (v) => {
    setFormError(null);
    if (!requester) {
      setCustomerError(picked ? t('customer.memberRequired') : t('customer.required'));
      return;
    }
    try {
      const created = await createPhoneTicket({
        subject: v.subject.trim(),
        description: v.description.trim(),
        requester_id: requester.id,
        channel: 'phone',
        impact: v.impact,
        urgency: v.urgency,
      });
      void queryClient.invalidateQueries({ predicate: (q) => isTicketListKey(q.queryKey) });
      void navigate(`/console/tickets/${created.ticket.reference}`);
    } catch (e) {
      setFormError(
        formFailure(e, [...FIELDS, 'requester_id'], (f, message) => (f === 'requester_id' ? setCustomerError(message) : setError(f as (typeof FIELDS)[number], { message })), t),
      );
    }
  });

  return (
    <>
      <PageHeader title={t('title')} sub={t('sub')} />
      <div className="intake-layout">
        <Card className="intake-form">
          <CardBody>
            <form className="stack" noValidate onSubmit={onSubmit}>
              {formError && (
                <Alert tone="danger" title={t('failed')}>
                  <p>{formError}</p>
                </Alert>
              )}
              {!picked ? (
                <CustomerCombobox
                  inputRef={comboRef}
                  error={customerError}
                  onPick={(p) => {
                    setPicked(p);
                    setMember(null);
                    setCustomerError(undefined);
                  }}
                />
              ) : (
                <PickedCustomer picked={picked} member={member} onMember={(u) => { setMember(u); setCustomerError(undefined); }} onChange={change} error={customerError} />
              )}
              <TextField
                label={t('subject')}
                autoComplete="off"
                error={errors.subject?.message}
                {...register('subject', {
                  validate: (s) => s.trim().length > 0 || t('subjectRequired'),
                  maxLength: { value: 200, message: t('subjectTooLong') },
                })}
              />
              <TextArea
                label={t('description')}
                hint={t('descriptionHint')}
                rows={6}
                error={errors.description?.message}
                {...register('description', {
                  validate: (s) => s.trim().length > 0 || t('descriptionRequired'),
                  maxLength: { value: 20000, message: t('descriptionTooLong') },
                })}
              />
              <Levels name="impact" legend={t('impact.label')} hint={t('impact.hint')} register={register} error={errors.impact?.message} />
              <Levels name="urgency" legend={t('urgency.label')} hint={t('urgency.hint')} register={register} error={errors.urgency?.message} />
              <PriorityLine control={control} />
              <p className="small muted">
                {t('channel')} <Badge tone="info">{t('channelPhone')}</Badge>
              </p>
              <div className="row">
                <Button type="submit" busy={isSubmitting}>
                  {isSubmitting ? t('submitting') : t('submit')}
                </Button>
              </div>
            </form>
          </CardBody>
        </Card>
        <aside className="intake-aside">
          <PhoneLineCard />
        </aside>
      </div>
    </>
  );
}

function Levels({ name, legend, hint, register, error }: { name: 'impact' | 'urgency'; legend: string; hint: string; register: UseFormRegister<Form>; error?: string | undefined }) {
  const { t } = useTranslation('intake');
  const id = useId();
  return (
    <fieldset className="radio-group" aria-describedby={`${id}-hint`}>
      <legend>{legend}</legend>
      <p id={`${id}-hint`} className="field-hint intake-hint">
        {hint}
      </p>
      {LEVELS.map((l) => (
        <label key={l} className="radio-pill">
          <input type="radio" value={l} {...register(name)} />
          <span>{t(`${name}.${l}`)}</span>
        </label>
      ))}
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  );
}

/** The priority the matrix gives this impact and urgency, as the ticket will get it. */
function PriorityLine({ control }: { control: Control<Form> }) {
  const { t } = useTranslation('intake');
  const [impact, urgency] = useWatch({ control, name: ['impact', 'urgency'] });
  const matrix = usePriorityMatrix();
  const cell = matrix.data?.cells.find((c) => c.impact === impact && c.urgency === urgency);
  if (!cell) return null;
  return (
    <p className="small" aria-live="polite">
      {t('priority.label')} <strong>{t(`priority.${cell.priority}`)}</strong>
    </p>
  );
}

function PickedCustomer({ picked, member, onMember, onChange, error }: { picked: Picked; member: User | null; onMember: (u: User) => void; onChange: () => void; error?: string | undefined }) {
  const { t } = useTranslation('intake');
  const headingId = useId();
  return (
    <section className="intake-picked stack-sm" aria-labelledby={headingId}>
      <div className="row-between">
        <h2 id={headingId} className="intake-picked-title">
          {t('customer.label')}
        </h2>
        <Button variant="secondary" size="sm" onClick={onChange}>
          {t('customer.change')}
        </Button>
      </div>
      {picked.kind === 'user' ? (
        <p className="intake-picked-who">
          <strong>{picked.user.display_name}</strong>
          <span className="muted small"> · {[picked.user.email, picked.organization].filter(Boolean).join(' · ')}</span>
        </p>
      ) : (
        <Members org={picked.org} member={member} onMember={onMember} error={error} />
      )}
    </section>
  );
}

function Members({ org, member, onMember, error }: { org: { id: string; name: string }; member: User | null; onMember: (u: User) => void; error?: string | undefined }) {
  const { t } = useTranslation('intake');
  const members = useMembers(org.id);
  const id = useId();
  if (members.isPending) return <Skeleton lines={2} />;
  if (members.isError) return <ErrorState error={members.error} title={t('customer.membersError')} onRetry={() => void members.refetch()} />;
  if (members.data.length === 0) return <p className="muted">{t('customer.noMembers', { org: org.name })}</p>;
  return (
    <fieldset className="intake-members" aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{t('customer.whoCalled', { org: org.name })}</legend>
      {members.data.map((u) => (
        <label key={u.id} className="intake-member">
          <input type="radio" name={`${id}-member`} checked={member?.id === u.id} onChange={() => onMember(u)} />
          <span>
            <strong>{u.display_name}</strong> <span className="muted small">{u.email}</span>
          </span>
        </label>
      ))}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}
