import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../api/useSession';
import { ButtonLink } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { OrgNav } from './OrgNav';

/** Only a customer admin sees the organisation's contract and billing; others are told so politely. */
export function AdminOnly({ title, children }: { title: string; children: (orgId: string) => ReactNode }) {
  const { t } = useTranslation('organization');
  const user = useUser();
  const orgId = user?.organization_id;
  if (user?.role !== 'customer_admin' || !orgId) {
    return (
      <>
        <PageHeader title={title} />
        <EmptyState
          title={t('adminOnly.title')}
          icon="i"
          action={<ButtonLink to="/tickets">{t('adminOnly.back')}</ButtonLink>}
        >
          {t('adminOnly.body')}
        </EmptyState>
      </>
    );
  }
  return (
    <>
      <OrgNav />
      {children(orgId)}
    </>
  );
}
