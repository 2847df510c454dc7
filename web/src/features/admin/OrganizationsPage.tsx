import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { Button } from '../../components/Button';
import { Card, CardBody } from '../../components/Card';
import { Alert } from '../../components/Alert';
import { Dialog } from '../../components/Dialog';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { TextField } from '../../components/Field';
import { PageHeader } from '../../components/PageHeader';
import { Skeleton } from '../../components/Spinner';
import { Table, type Column } from '../../components/Table';
import { useDebouncedValue } from '../../components/useDebouncedValue';
import { useCreateOrganization, useOrganizations, type Organization } from './api';
import { formProblem } from './form';
import { AdminNav } from './AdminNav';
import './admin.css';

export default function OrganizationsPage() {
  const { t } = useTranslation('admin');
  const [q, setQ] = useState('');
  const query = useDebouncedValue(q.trim(), 250);
  const orgs = useOrganizations(query);
  const [creating, setCreating] = useState(false);
  const rows = orgs.data?.pages.flatMap((p) => p.items) ?? [];
  const columns: Column<Organization>[] = [
    {
      key: 'name',
      header: t('orgs.name'),
      label: t('orgs.name'),
      main: true,
      cell: (o) => <Link to={`/admin/organizations/${o.id}`}>{o.name}</Link>,
    },
    { key: 'vat', header: t('orgs.vat'), label: t('orgs.vat'), cell: (o) => (o.vat_number ? <span className="mono">{o.vat_number}</span> : <span className="muted">{t('orgs.noVat')}</span>) },
  ];
  return (
    <>
      <AdminNav />
      <PageHeader title={t('orgs.title')} sub={t('orgs.sub')} actions={<Button onClick={() => setCreating(true)}>{t('orgs.new')}</Button>} />
      <Card>
        <CardBody>
          <div className="stack">
            <div className="admin-toolbar">
              <TextField label={t('orgs.search')} hint={t('orgs.searchHint')} type="search" value={q} onChange={(e) => setQ(e.target.value)} />
            </div>
            {orgs.isPending ? (
              <Skeleton lines={5} />
            ) : orgs.isError ? (
              <ErrorState error={orgs.error} title={t('orgs.error')} onRetry={() => void orgs.refetch()} />
            ) : rows.length === 0 ? (
              <EmptyState title={query ? t('orgs.noMatch', { q: query }) : t('orgs.empty')} />
            ) : (
              <>
                <Table caption={t('orgs.caption')} columns={columns} rows={rows} rowKey={(o) => o.id} />
                {orgs.hasNextPage && (
                  <div>
                    <Button variant="secondary" busy={orgs.isFetchingNextPage} onClick={() => void orgs.fetchNextPage()}>
                      {orgs.isFetchingNextPage ? t('common.loadingMore') : t('common.loadMore')}
                    </Button>
                  </div>
                )}
              </>
            )}
          </div>
        </CardBody>
      </Card>
      {creating && <OrganizationDialog onClose={() => setCreating(false)} />}
    </>
  );
}

interface OrgForm {
  name: string;
  vat_number: string;
}

/** Create (no `org`) or edit an organisation's name and VAT number. */
export function OrganizationDialog({ org, onClose, onSave }: { org?: Organization; onClose: () => void; onSave?: (body: { name: string; vat_number: string | null }) => Promise<Organization> }) {
  const { t } = useTranslation('admin');
  const create = useCreateOrganization();
  const navigate = useNavigate();
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<OrgForm>({
    defaultValues: { name: org?.name ?? '', vat_number: org?.vat_number ?? '' },
  });
  const onSubmit = handleSubmit(async (v) => {
    setFormError(null);
    try {
      const vat = v.vat_number.trim();
      if (org && onSave) {
        await onSave({ name: v.name.trim(), vat_number: vat });
        onClose();
      } else {
        const made = await create.mutateAsync({ name: v.name.trim(), ...(vat ? { vat_number: vat } : {}) });
        navigate(`/admin/organizations/${made.id}`, { state: { created: made.name } });
      }
    } catch (e) {
      const p = formProblem(t, e, ['name', 'vat_number'], {}, { name: t('orgs.nameTaken'), vat_number: t('orgs.vatTaken') });
      for (const [f, m] of Object.entries(p.byField)) setError(f as keyof OrgForm, { message: m });
      setFormError(p.form);
    }
  });
  const e = formState.errors;
  return (
    <Dialog open onClose={onClose} title={org ? t('org.edit') : t('orgs.new')}>
      <form className="stack" noValidate onSubmit={onSubmit}>
        {formError && <Alert tone="danger" title={t('common.formError')}><p>{formError}</p></Alert>}
        <TextField label={t('orgs.name')} error={e.name?.message} {...register('name', { required: t('fieldError.required') })} />
        <TextField label={t('orgs.vat')} hint={t('orgs.vatHint')} optional={t('common.optional')} error={e.vat_number?.message} {...register('vat_number')} />
        <div className="dialog-actions">
          <Button variant="secondary" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" busy={formState.isSubmitting}>
            {t('common.save')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
