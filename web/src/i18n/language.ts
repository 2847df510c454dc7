import i18n, { isLang, rememberLanguage, type Lang } from './index';
import { api, unwrap } from '../api/client';
import { session } from '../api/session';

/**
 * Switches the UI at once and remembers the choice; for a logged-in user it is also saved
 * as the profile language (PATCH /me), so it follows them to other devices and e-mails.
 */
export async function switchLanguage(lang: Lang): Promise<void> {
  rememberLanguage(lang);
  await i18n.changeLanguage(lang);
  const user = session.user();
  if (user && user.language !== lang) {
    try {
      const updated = await unwrap(api.PATCH('/api/v1/me', { body: { language: lang } }));
      session.setUser(updated);
    } catch {
      /* the UI already switched; the profile keeps its old language */
    }
  }
}

/** After a login or a restored session: the profile's language wins. */
export function adoptProfileLanguage(lang: string) {
  if (isLang(lang) && i18n.language !== lang) {
    rememberLanguage(lang);
    void i18n.changeLanguage(lang);
  }
}
