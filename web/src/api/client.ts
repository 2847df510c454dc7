import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';
import { session } from './session';
import { ApiProblem, toApiProblem } from './problem';

/** The UI language, sent as Accept-Language so the API explains itself in it. */
let language: 'nl' | 'en' = 'en';
export function setApiLanguage(lang: 'nl' | 'en') {
  language = lang;
}

const AUTH_ROUTES = '/api/v1/auth/';

/** Copies of requests made before sending, so a 401 can be retried with the body intact. */
const copies = new WeakMap<Request, Request>();

/**
 * Adds the bearer token and the language; on a 401 (outside the auth routes) refreshes once
 * — shared by concurrent 401s — and retries the request once. If the refresh fails the
 * session is dropped, which sends the user to /login?next=<where they were>.
 */
export function authMiddleware(doFetch: (req: Request) => Promise<Response>): Middleware {
  return {
    onRequest({ request }) {
      const token = session.accessToken();
      if (token && !request.headers.has('Authorization')) {
        request.headers.set('Authorization', `Bearer ${token}`);
      }
      request.headers.set('Accept-Language', language);
      copies.set(request, request.clone());
      return request;
    },
    async onResponse({ request, response, schemaPath }) {
      if (response.status !== 401 || schemaPath.startsWith(AUTH_ROUTES)) return response;
      const copy = copies.get(request);
      copies.delete(request);
      if (!copy) return response;
      const sentWith = request.headers.get('Authorization');
      // Another request may have refreshed already while this one was on its way.
      const current = session.accessToken();
      const fresh =
        current && `Bearer ${current}` !== sentWith ? true : await session.refresh(doFetch);
      if (!fresh) {
        session.expire();
        return response;
      }
      const retry = new Request(copy, { headers: new Headers(copy.headers) });
      retry.headers.set('Authorization', `Bearer ${session.accessToken() ?? ''}`);
      return doFetch(retry);
    },
  };
}

export function createApiClient(doFetch: (req: Request) => Promise<Response> = (r) => globalThis.fetch(r)) {
  const client = createClient<paths>({
    baseUrl: globalThis.location?.origin ?? 'http://localhost',
    fetch: doFetch,
    credentials: 'same-origin',
  });
  client.use(authMiddleware(doFetch));
  return client;
}

/** The one client of the app. */
export const api = createApiClient();

interface Result<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Returns the data of a successful call, or throws the typed ApiProblem. */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await call;
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiProblem({ status: 0, code: 'network', title: 'Network error', detail: '' });
  }
  const { data, error, response } = result;
  if (!response.ok) throw toApiProblem(error, response);
  return data as T;
}

/** Saves a Blob as a file (downloads need the Bearer header, so no plain links). */
export function saveBlob(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The file name from a Content-Disposition header, if any. */
export function filenameFrom(response: Response, fallback: string): string {
  const cd = response.headers.get('Content-Disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star?.[1]) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(cd);
  return plain?.[1] ?? fallback;
}
