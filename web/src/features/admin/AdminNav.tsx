import { NavLink } from 'react-router';
import { useTranslation } from 'react-i18next';

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
  return (
    <nav className="admin-nav" aria-label={t('nav.label')}>
      {ITEMS.map((i) => (
        <NavLink key={i.to} to={i.to} className="admin-nav-link">
          {t(i.label)}
        </NavLink>
      ))}
    </nav>
  );
}
