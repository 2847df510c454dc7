import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { isApiProblem } from '../../api/problem';
import { Button } from '../../components/Button';
import { TextField } from '../../components/Field';
import { fetchTicket, REFERENCE_PATTERN } from './api';
import { ticketKeys } from './keys';

/** Opens a ticket by its reference; a reference the user may not see says so. */
export function LookupForm() {
  const { t } = useTranslation('tickets');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<{ reference: string }>({ defaultValues: { reference: '' } });

  const onSubmit = handleSubmit(async ({ reference }) => {
    const ref = reference.trim();
    setBusy(true);
    try {
      const ticket = await queryClient.fetchQuery({ queryKey: ticketKeys.detail(ref), queryFn: () => fetchTicket(ref) });
      navigate(`/tickets/${ticket.reference}`);
    } catch (e) {
      if (isApiProblem(e) && (e.status === 404 || e.status === 400)) {
        setError('reference', { message: t('lookup.notFound') });
      } else {
        setError('reference', { message: isApiProblem(e) && e.detail ? e.detail : t('common:error.unexpected') });
      }
    } finally {
      setBusy(false);
    }
  });

  return (
    <form className="lookup" onSubmit={onSubmit} noValidate role="search" aria-label={t('lookup.title')}>
      <TextField
        label={t('lookup.label')}
        hint={t('lookup.hint')}
        inputMode="numeric"
        autoComplete="off"
        placeholder="2026-000123"
        error={errors.reference?.message}
        {...register('reference', {
          required: t('lookup.required'),
          setValueAs: (v: string) => v.trim(),
          pattern: { value: REFERENCE_PATTERN, message: t('lookup.invalid') },
        })}
      />
      <Button type="submit" variant="secondary" busy={busy}>
        {busy ? t('lookup.busy') : t('lookup.submit')}
      </Button>
    </form>
  );
}
