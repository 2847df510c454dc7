import { api, unwrap } from '../../api/client';
import { session, type TokenPair } from '../../api/session';
import type { Schema } from '../../api/types';

type LoginBody = Schema<'LoginRequest'> & { refresh_cookie: true };

/**
 * Logs in for the browser: the refresh token comes back as an HttpOnly cookie
 * (`refresh_cookie: true`), the access token stays in memory.
 */
export async function login(email: string, password: string): Promise<TokenPair['user']> {
  const body: LoginBody = { email, password, refresh_cookie: true };
  const pair = await unwrap(api.POST('/api/v1/auth/login', { body: body as Schema<'LoginRequest'> }));
  session.start(pair);
  return pair.user;
}

/** Ends the login on the server (the cookie is cleared) and forgets it here. */
export async function logout(): Promise<void> {
  try {
    await api.POST('/api/v1/auth/logout', { body: {} as Schema<'RefreshRequest'> });
  } finally {
    session.clear();
  }
}
