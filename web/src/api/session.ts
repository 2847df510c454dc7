import type { components } from './schema';

export type User = components['schemas']['User'];
export type TokenPair = components['schemas']['TokenPair'];

/**
 * The login, in memory only: the access token never reaches localStorage or a cookie the
 * page can read. The refresh token is an HttpOnly, SameSite=Strict cookie that only
 * `/api/v1/auth/*` receives, so a reload restores the login through `POST /auth/refresh {}`.
 */
interface SessionState {
  accessToken: string | null;
  user: User | null;
  /** Set when the session ended without the user logging out (the refresh failed). */
  expired: boolean;
  /** Set when the user logged out on purpose (no `next` to come back to). */
  loggedOut: boolean;
}

type Listener = () => void;

let state: SessionState = { accessToken: null, user: null, expired: false, loggedOut: false };
const listeners = new Set<Listener>();
let inflight: Promise<boolean> | null = null;
let expiredHandler: (() => void) | null = null;

function emit() {
  for (const l of listeners) l();
}

export const session = {
  get: (): SessionState => state,
  subscribe(l: Listener): () => void {
    listeners.add(l);
    return () => listeners.delete(l);
  },
  accessToken: (): string | null => state.accessToken,
  user: (): User | null => state.user,

  /** Stores the answer of a login or refresh. */
  start(pair: Pick<TokenPair, 'access_token' | 'user'>) {
    state = { accessToken: pair.access_token, user: pair.user, expired: false, loggedOut: false };
    emit();
  },
  setUser(user: User) {
    state = { ...state, user };
    emit();
  },
  /** Logged out on purpose. */
  clear() {
    state = { accessToken: null, user: null, expired: false, loggedOut: true };
    emit();
  },
  /** The login ended behind the user's back: drop it and let the app send them to /login. */
  expire() {
    const had = state.user !== null;
    state = { accessToken: null, user: null, expired: had, loggedOut: false };
    emit();
    if (had) expiredHandler?.();
  },
  onExpired(handler: (() => void) | null) {
    expiredHandler = handler;
  },

  /**
   * Buys a new access token with the refresh cookie. Single-flight: concurrent callers
   * (several requests that got a 401 at once) share one POST /auth/refresh, since each
   * refresh token works once and a second use would revoke the whole login.
   */
  refresh(doFetch: (req: Request) => Promise<Response> = (r) => globalThis.fetch(r)): Promise<boolean> {
    if (inflight) return inflight;
    inflight = (async () => {
      try {
        const res = await doFetch(
          new Request(new URL('/api/v1/auth/refresh', baseOrigin()), {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
            body: '{}',
            credentials: 'same-origin',
          }),
        );
        if (!res.ok) return false;
        const pair = (await res.json()) as TokenPair;
        session.start(pair);
        return true;
      } catch {
        return false;
      } finally {
        inflight = null;
      }
    })();
    return inflight;
  },
};

export function baseOrigin(): string {
  return globalThis.location?.origin ?? 'http://localhost';
}
