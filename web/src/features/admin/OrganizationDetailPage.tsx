import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Card, CardBody, CardHeader } from '../../components/Card';
import { DescriptionList } from '../../components/DescriptionList';
import { Dialog } from '../../components/Dialog';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { Skeleton } from '../../components/Spinner';
import { formatDate } from '../../i18n/format';
import { useLang } from '../../i18n/useLang';
import { useDeleteOrganization, useOrganization, useOrgCoverage, useUpdateOrganization } from './api';
import { ContractsCard } from './ContractsCard';
import { formProblem } from './form';
import { OrganizationDialog } from './OrganizationsPage';
import { UsersPanel } from './UsersPanel';
import { AdminNav } from './AdminNav';
import './admin.css';

export default function OrganizationDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('admin');
  const lang = useLang();
  const location = useLocation();
  const navigate = useNavigate();
  const org = useOrganization(id);
  const coverage = useOrgCoverage(id);
  const update = useUpdateOrganization(id);
  const remove = useDeleteOrganization(id);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const created = (location.state as { created?: string } | null)?.created;

  if (org.isPending) return <Skeleton lines={6} />;
  if (org.isError) return <ErrorState error={org.error} onRetry={() => void org.refetch()} />;
  const o = org.data;
  const cov = coverage.data;
  return (
    <>
      <AdminNav />
      <p className="breadcrumb">
        <Link to="/admin/organizations">← {t('org.back')}</Link>
      </p>
      <PageHeader title={o.name} eyebrow={t('orgs.title')} />
      <div className="stack">
        {created && <Alert tone="success">{t('orgs.created', { name: created })}</Alert>}
        <Card aria-labelledby="admin-org-details">
          <CardHeader
            id="admin-org-details"
            title={t('org.details')}
            actions={
              <>
                <Button size="sm" variant="secondary" onClick={() => setEditing(true)}>
                  {t('org.edit')}
                </Button>
                <Button size="sm" variant="ghost" onClick={() => setDeleting(true)}>
                  {t('common.delete')}
                </Button>
              </>
            }
          />
          <CardBody>
            <DescriptionList
              items={[
                { key: 'name', term: t('orgs.name'), value: o.name },
                { key: 'vat', term: t('orgs.vat'), value: o.vat_number ? <span className="mono">{o.vat_number}</span> : t('orgs.noVat') },
                {
                  key: 'cov',
                  term: t('org.coverageToday'),
                  value: !cov
                    ? '…'
                    : cov.covered
                      ? cov.until
                        ? t('org.coveredUntil', { number: cov.contract_number ?? '', date: formatDate(cov.until, lang) })
                        : t('org.covered', { number: cov.contract_number ?? '' })
                      : t('org.notCovered'),
                },
              ]}
            />
          </CardBody>
        </Card>
        <ContractsCard orgId={id} />
        <Card aria-labelledby="admin-org-users">
          <CardHeader id="admin-org-users" title={t('users.title')} />
          <CardBody>
            <UsersPanel orgId={id} orgName={o.name} />
          </CardBody>
        </Card>
      </div>
      {editing && <OrganizationDialog org={o} onClose={() => setEditing(false)} onSave={(body) => update.mutateAsync(body)} />}
      <Dialog open={deleting} onClose={() => setDeleting(false)} title={t('org.deleteTitle')}>
        <div className="stack">
          <p>{t('org.deleteBody', { name: o.name })}</p>
          {deleteError && <Alert tone="danger" title={t('org.deleteRefused')}><p>{deleteError}</p></Alert>}
          <div className="dialog-actions">
            <Button variant="secondary" onClick={() => setDeleting(false)}>
              {t('common.cancel')}
            </Button>
            <Button
              variant="danger"
              busy={remove.isPending}
              onClick={async () => {
                setDeleteError(null);
                try {
                  await remove.mutateAsync();
                  navigate('/admin/organizations', { replace: true });
                } catch (e) {
                  setDeleteError(formProblem(t, e, []).form);
                }
              }}
            >
              {t('org.deleteConfirm')}
            </Button>
          </div>
        </div>
      </Dialog>
    </>
  );
}
