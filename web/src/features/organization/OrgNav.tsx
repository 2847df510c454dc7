import { useTranslation } from 'react-i18next';
import { useUser } from '../../api/useSession';
import { SubNav } from '../../components/SubNav';

/** A customer admin's pages about their organisation, as tabs above each of them. */
export const ORGANIZATION_PAGES = ['/organization', '/billing', '/organization/users', '/dashboard'] as const;

/** The tabs between a customer admin's organisation pages; nothing for anyone else. */
export function OrgNav() {
  const { t } = useTranslation();
  const user = useUser();
  if (user?.role !== 'customer_admin') return null;
  const labels = ['organization:nav.contract', 'organization:nav.billing', 'admin:nav.myUsers', 'dashboard:nav'];
  return (
    <SubNav
      label={t('organization:nav.label')}
      items={ORGANIZATION_PAGES.map((to, i) => ({ to, label: t(labels[i] ?? ''), end: true }))}
    />
  );
}
