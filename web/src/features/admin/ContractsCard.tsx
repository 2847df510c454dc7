import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { isApiProblem } from '../../api/problem';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Card, CardBody, CardHeader } from '../../components/Card';
import { Dialog } from '../../components/Dialog';
import { ErrorState } from '../../components/ErrorState';
import { TextArea, TextField } from '../../components/Field';
import { Skeleton } from '../../components/Spinner';
import { Table, type Column } from '../../components/Table';
import { brusselsDate, formatDate, formatMoneyCents } from '../../i18n/format';
import { useLang } from '../../i18n/useLang';
import { useContracts, useCreateContract, useUpdateContract, type Contract } from './api';
import { formProblem } from './form';
import { centsToInput, nextDay, parseEuros, yearLater } from './money';

export function contractState(c: Pick<Contract, 'starts_on' | 'ends_on'>, today: string): 'valid' | 'ended' | 'future' {
  if (c.starts_on > today) return 'future';
  if (c.ends_on && c.ends_on < today) return 'ended';
  return 'valid';
}
const TONE = { valid: 'success', ended: 'neutral', future: 'info' } as const;

type Mode = { kind: 'new' } | { kind: 'edit'; c: Contract } | { kind: 'renew'; c: Contract } | { kind: 'end'; c: Contract };

export function ContractsCard({ orgId }: { orgId: string }) {
  const { t } = useTranslation('admin');
  const lang = useLang();
  const contracts = useContracts(orgId);
  const [mode, setMode] = useState<Mode | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const today = brusselsDate();
  const rows = [...(contracts.data ?? [])].sort((a, b) => b.starts_on.localeCompare(a.starts_on));
  const columns: Column<Contract>[] = [
    { key: 'number', header: t('contracts.number'), label: t('contracts.number'), main: true, cell: (c) => <span className="mono">{c.number}</span> },
    { key: 'from', header: t('contracts.from'), label: t('contracts.from'), cell: (c) => formatDate(c.starts_on, lang) },
    { key: 'to', header: t('contracts.to'), label: t('contracts.to'), cell: (c) => (c.ends_on ? formatDate(c.ends_on, lang) : t('contracts.noEnd')) },
    { key: 'rate', header: t('contracts.rateShort'), label: t('contracts.rateShort'), cell: (c) => formatMoneyCents(c.hourly_rate_cents, lang) },
    {
      key: 'state',
      header: t('users.status'),
      label: t('users.status'),
      cell: (c) => {
        const s = contractState(c, today);
        return <Badge tone={TONE[s]}>{t(`contracts.state.${s}`)}</Badge>;
      },
    },
    {
      key: 'actions',
      header: <span className="visually-hidden">{t('common.edit')}</span>,
      label: '',
      cell: (c) => (
        <div className="row admin-actions">
          <Button size="sm" variant="secondary" aria-label={t('contracts.editTitle', { number: c.number })} onClick={() => setMode({ kind: 'edit', c })}>
            {t('common.edit')}
          </Button>
          <Button size="sm" variant="secondary" aria-label={t('contracts.renewTitle', { number: c.number })} onClick={() => setMode({ kind: 'renew', c })}>
            {t('contracts.renew')}
          </Button>
          {contractState(c, today) !== 'ended' && (
            <Button size="sm" variant="ghost" aria-label={t('contracts.endTitle', { number: c.number })} onClick={() => setMode({ kind: 'end', c })}>
              {t('contracts.end')}
            </Button>
          )}
        </div>
      ),
    },
  ];
  return (
    <Card aria-labelledby="admin-contracts">
      <CardHeader id="admin-contracts" title={t('contracts.title')} actions={<Button size="sm" onClick={() => setMode({ kind: 'new' })}>{t('contracts.new')}</Button>} />
      <CardBody>
        <div className="stack">
          {notice && <Alert tone="success">{notice}</Alert>}
          {contracts.isPending ? (
            <Skeleton lines={3} />
          ) : contracts.isError ? (
            <ErrorState error={contracts.error} onRetry={() => void contracts.refetch()} />
          ) : rows.length === 0 ? (
            <p className="muted">{t('contracts.none')}</p>
          ) : (
            <Table caption={t('contracts.caption')} columns={columns} rows={rows} rowKey={(c) => c.id} />
          )}
        </div>
      </CardBody>
      {mode && (
        <ContractDialog
          orgId={orgId}
          mode={mode}
          onClose={(msg) => {
            if (msg) setNotice(msg);
            setMode(null);
          }}
        />
      )}
    </Card>
  );
}

interface Form {
  starts_on: string;
  ends_on: string;
  rate: string;
  notes: string;
}

function defaults(mode: Mode): Form {
  const today = brusselsDate();
  switch (mode.kind) {
    case 'new':
      return { starts_on: today, ends_on: yearLater(today), rate: '85.00', notes: '' };
    case 'edit':
      return { starts_on: mode.c.starts_on, ends_on: mode.c.ends_on ?? '', rate: centsToInput(mode.c.hourly_rate_cents), notes: mode.c.notes };
    case 'renew': {
      const start = mode.c.ends_on ? nextDay(mode.c.ends_on) : today;
      return { starts_on: start, ends_on: yearLater(start), rate: centsToInput(mode.c.hourly_rate_cents), notes: mode.c.notes };
    }
    case 'end':
      return { starts_on: mode.c.starts_on, ends_on: mode.c.ends_on && mode.c.ends_on < today ? mode.c.ends_on : today, rate: '', notes: '' };
  }
}

function ContractDialog({ orgId, mode, onClose }: { orgId: string; mode: Mode; onClose: (notice?: string) => void }) {
  const { t } = useTranslation('admin');
  const create = useCreateContract(orgId);
  const update = useUpdateContract(orgId);
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<Form>({ defaultValues: defaults(mode) });
  const title =
    mode.kind === 'new'
      ? t('contracts.new')
      : mode.kind === 'edit'
        ? t('contracts.editTitle', { number: mode.c.number })
        : mode.kind === 'renew'
          ? t('contracts.renewTitle', { number: mode.c.number })
          : t('contracts.endTitle', { number: mode.c.number });
  const renewBlocked = mode.kind === 'renew' && !mode.c.ends_on;

  const onSubmit = handleSubmit(async (v) => {
    setFormError(null);
    try {
      if (mode.kind === 'end') {
        const saved = await update.mutateAsync({ id: mode.c.id, body: { ends_on: v.ends_on } });
        onClose(t('contracts.saved', { number: saved.number }));
        return;
      }
      const cents = parseEuros(v.rate);
      if (cents === null) {
        setError('rate', { message: t('contracts.invalidRate') });
        return;
      }
      if (mode.kind === 'edit') {
        const saved = await update.mutateAsync({
          id: mode.c.id,
          body: { starts_on: v.starts_on, ends_on: v.ends_on || null, hourly_rate_cents: cents, notes: v.notes },
        });
        onClose(t('contracts.saved', { number: saved.number }));
      } else {
        const made = await create.mutateAsync({
          organization_id: orgId,
          starts_on: v.starts_on,
          ...(v.ends_on ? { ends_on: v.ends_on } : {}),
          hourly_rate_cents: cents,
          ...(v.notes.trim() ? { notes: v.notes } : {}),
        });
        onClose(t('contracts.created', { number: made.number }));
      }
    } catch (e) {
      if (isApiProblem(e) && e.status === 409) {
        setFormError(`${t('contracts.overlap')} ${e.detail}`);
        return;
      }
      const p = formProblem(t, e, ['starts_on', 'ends_on', 'rate', 'notes'], { hourly_rate_cents: 'rate' });
      for (const [f, m] of Object.entries(p.byField)) setError(f as keyof Form, { message: m });
      setFormError(p.form);
    }
  });
  const e = formState.errors;
  return (
    <Dialog open onClose={() => onClose()} title={title}>
      <form className="stack" noValidate onSubmit={onSubmit}>
        {mode.kind === 'renew' && <p className="small muted">{renewBlocked ? t('contracts.renewOpenEnded') : t('contracts.renewIntro')}</p>}
        {mode.kind === 'end' && <p className="small muted">{t('contracts.endIntro')}</p>}
        {formError && <Alert tone="danger" title={t('common.formError')}><p>{formError}</p></Alert>}
        {mode.kind === 'end' ? (
          <TextField label={t('contracts.lastDay')} type="date" error={e.ends_on?.message} {...register('ends_on', { required: t('fieldError.required') })} />
        ) : (
          <>
            <div className="admin-two">
              <TextField label={t('contracts.from')} type="date" error={e.starts_on?.message} {...register('starts_on', { required: t('fieldError.required') })} />
              <TextField label={t('contracts.to')} type="date" hint={t('contracts.toHint')} error={e.ends_on?.message} {...register('ends_on')} />
            </div>
            <TextField label={t('contracts.rate')} inputMode="decimal" error={e.rate?.message} {...register('rate', { required: t('fieldError.required') })} />
            <TextArea label={t('contracts.notes')} optional={t('common.optional')} rows={3} error={e.notes?.message} {...register('notes')} />
          </>
        )}
        <div className="dialog-actions">
          <Button variant="secondary" onClick={() => onClose()}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" busy={formState.isSubmitting} disabled={renewBlocked}>
            {mode.kind === 'renew' ? t('contracts.renew') : mode.kind === 'end' ? t('contracts.end') : t('common.save')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
