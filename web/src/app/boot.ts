import { session } from '../api/session';
import { queryClient } from '../api/queryClient';
import { adoptProfileLanguage } from '../i18n/language';
import { LoginPage, router } from './router';
import { portalRoutes, preloadPageFor } from './routes';

/**
 * Restores a login from the refresh cookie (POST /auth/refresh {}), and wires what happens
 * when a login ends behind the user's back: the cache is dropped and the router sends them
 * to /login?next=<where they were>.
 */
export async function boot(): Promise<void> {
  let lastUserId: string | null = null;
  session.subscribe(() => {
    const u = session.user();
    if (u && u.id !== lastUserId) {
      adoptProfileLanguage(u.language);
      preloadOtherPages();
    }
    lastUserId = u?.id ?? null;
  });
  session.onExpired(() => {
    queryClient.clear();
    const { pathname, search, hash } = router.state.location;
    if (pathname.startsWith('/login')) return;
    void router.navigate(`/login?next=${encodeURIComponent(pathname + search + hash)}`, { replace: true });
  });
  const path = window.location.pathname;
  const [restored] = await Promise.all([
    session.refresh(),
    path.startsWith('/login') ? LoginPage.preload() : preloadPageFor(path === '/' ? '/tickets' : path),
  ]);
  if (!restored) await LoginPage.preload().catch(() => undefined);
}

/** After the first page shows: load the chunks of the other pages this user may open, when idle. */
export function preloadOtherPages() {
  const run = () => {
    const role = session.user()?.role;
    if (!role) return;
    for (const r of portalRoutes) if (r.roles.includes(role)) void r.Page.preload?.().catch(() => undefined);
  };
  if ('requestIdleCallback' in window) window.requestIdleCallback(run, { timeout: 3000 });
  else setTimeout(run, 1500);
}
