import { Suspense, useEffect, useId, useRef, useState } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { useUser } from '../api/useSession';
import { Button, ButtonLink } from '../components/Button';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { PageLoading } from '../components/Spinner';
import { logout } from '../features/auth/api';
import { navItems, type NavItem } from './routes';
import { PageErrorBoundary } from './RouteError';
import './shell.css';

export function Shell() {
  const { t } = useTranslation();
  const user = useUser();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [menuOpen, setMenuOpen] = useState(false);
  const menuId = useId();
  const mainRef = useRef<HTMLElement>(null);

  // Close the phone menu on navigation.
  const [lastPath, setLastPath] = useState(location.pathname);
  if (lastPath !== location.pathname) {
    setLastPath(location.pathname);
    setMenuOpen(false);
  }

  // After a client-side navigation, move focus to the new page (screen readers start there).
  const firstPath = useRef(location.pathname);
  useEffect(() => {
    if (location.pathname === firstPath.current) return;
    firstPath.current = '';
    mainRef.current?.focus({ preventScroll: true });
  }, [location.pathname]);

  useEffect(() => {
    if (!menuOpen) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setMenuOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [menuOpen]);

  const items = navItems.filter((n) => (user ? n.roles.includes(user.role) : n.public === true));
  const loginTo = `/login?next=${encodeURIComponent(location.pathname + location.search)}`;

  const onLogout = async () => {
    await logout().catch(() => undefined);
    queryClient.clear();
    navigate('/login', { replace: true });
  };

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('a11y.skip')}
      </a>
      <header className="header">
        <div className="header-inner container">
          <NavLink to="/" className="brand" aria-label={t('app.homeLabel')}>
            <span className="brand-mark" aria-hidden="true">
              L
            </span>
            <span className="brand-name">{t('app.name')}</span>
            <span className="brand-sub">{t('app.portal')}</span>
          </NavLink>
          <NavList items={items} className="nav-desktop" label={t('nav.label')} />
          <div className="header-tools">
            <LanguageSwitch />
            {user && (
              <span className="user-name" title={user.email}>
                <span className="visually-hidden">{t('user.signedInAs')} </span>
                {user.display_name}
              </span>
            )}
            {user ? (
              <Button variant="secondary" size="sm" className="logout-desktop" onClick={onLogout}>
                {t('auth:logout')}
              </Button>
            ) : (
              <ButtonLink to={loginTo} size="sm" className="logout-desktop">
                {t('auth:submit')}
              </ButtonLink>
            )}
            <button
              type="button"
              className="menu-btn"
              aria-expanded={menuOpen}
              aria-controls={menuId}
              onClick={() => setMenuOpen((o) => !o)}
            >
              <span className="menu-icon" aria-hidden="true" />
              {t('nav.menu')}
            </button>
          </div>
        </div>
        <div id={menuId} className="nav-mobile" hidden={!menuOpen}>
          <NavList items={items} label={t('nav.labelMobile')} />
          <div className="nav-mobile-footer">
            {user && (
              <p className="small muted">
                {t('user.signedInAs')} <strong>{user.display_name}</strong>
              </p>
            )}
            {user ? (
              <Button variant="secondary" block onClick={onLogout}>
                {t('auth:logout')}
              </Button>
            ) : (
              <ButtonLink to={loginTo}>{t('auth:submit')}</ButtonLink>
            )}
          </div>
        </div>
      </header>
      <main id="main" ref={mainRef} className="container page" tabIndex={-1}>
        <PageErrorBoundary resetKey={location.pathname}>
          <Suspense fallback={<PageLoading />}>
            <Outlet />
          </Suspense>
        </PageErrorBoundary>
      </main>
      <footer className="footer small muted">
        <div className="container">{t('app.footer')}</div>
      </footer>
    </div>
  );
}

/** The navigation links (the same list in the header and in the phone menu). */
function NavList({ items, label, className }: { items: NavItem[]; label: string; className?: string }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const alsoActive = (n: NavItem) => n.activeOn?.some((p) => pathname === p || pathname.startsWith(`${p}/`)) ?? false;
  return (
    <nav className={className} aria-label={label}>
      <ul>
        {items.map((n) => (
          <li key={n.to}>
            <NavLink to={n.to} end={n.end ?? false} className={({ isActive }) => (isActive || alsoActive(n) ? 'nav-link active' : 'nav-link')}>
              {t(n.label)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
