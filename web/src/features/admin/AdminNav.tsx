import { useTranslation } from 'react-i18next';
import { SubNav } from '../../components/SubNav';

const ITEMS = [
  { to: '/admin/organizations', label: 'nav.organizations' },
  { to: '/admin/users', label: 'nav.users' },
  { to: '/admin/coverage', label: 'nav.coverage' },
  { to: '/admin/schedules', label: 'nav.schedules' },
  { to: '/admin/triage', label: 'triage:nav' },
  { to: '/admin/webhooks', label: 'webhooks:nav' },
] as const;

/** The admin screens' own navigation, above each of them. */
export function AdminNav() {
  const { t } = useTranslation('admin');
  return <SubNav label={t('nav.label')} items={ITEMS.map((i) => ({ to: i.to, label: t(i.label) }))} />;
}
