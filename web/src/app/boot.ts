import { session } from '../api/session';
import { queryClient } from '../api/queryClient';
import { adoptProfileLanguage } from '../i18n/language';
import { router } from './router';

/**
 * Restores a login from the refresh cookie (POST /auth/refresh {}), and wires what happens
 * when a login ends behind the user's back: the cache is dropped and the router sends them
 * to /login?next=<where they were>.
 */
export async function boot(): Promise<void> {
  let lastUserId: string | null = null;
  session.subscribe(() => {
    const u = session.user();
    if (u && u.id !== lastUserId) adoptProfileLanguage(u.language);
    lastUserId = u?.id ?? null;
  });
  session.onExpired(() => {
    queryClient.clear();
    const { pathname, search, hash } = router.state.location;
    if (pathname.startsWith('/login')) return;
    void router.navigate(`/login?next=${encodeURIComponent(pathname + search + hash)}`, { replace: true });
  });
  await session.refresh();
}
