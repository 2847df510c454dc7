import { api, unwrap } from '../../api/client';
import { session, type TokenPair } from '../../api/session';

/**
 * Logs in for the browser: the refresh token comes back as an HttpOnly cookie
 * (`refresh_cookie: true`), the access token stays in memory.
 */
export async function login(email: string, password: string): Promise<TokenPair['user']> {
  const pair = await unwrap(api.POST('/api/v1/auth/login', { body: { email, password, refresh_cookie: true } }));
  session.start(pair);
  return pair.user;
}

/** Ends the login on the server (the cookie is cleared) and forgets it here. */
export async function logout(): Promise<void> {
  try {
    await api.POST('/api/v1/auth/logout', { body: {} });
  } finally {
    session.clear();
  }
}
