import type { components } from './schema';

export type Problem = components['schemas']['Problem'];
export type FieldError = components['schemas']['FieldError'];
export type ErrorCode = components['schemas']['ErrorCode'];

/**
 * A failed API call: the problem+json document the API answered, typed.
 * Thrown by `unwrap` so TanStack Query and forms see a real error.
 */
export class ApiProblem extends Error {
  readonly status: number;
  readonly code: ErrorCode | 'network' | 'unknown';
  readonly title: string;
  readonly detail: string;
  readonly fieldErrors: FieldError[];
  /** Seconds from the `Retry-After` header (429), when given. */
  readonly retryAfter: number | null;
  readonly requestId: string | null;

  constructor(init: {
    status: number;
    code: ApiProblem['code'];
    title: string;
    detail: string;
    fieldErrors?: FieldError[];
    retryAfter?: number | null;
    requestId?: string | null;
  }) {
    super(init.detail || init.title);
    this.name = 'ApiProblem';
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail;
    this.fieldErrors = init.fieldErrors ?? [];
    this.retryAfter = init.retryAfter ?? null;
    this.requestId = init.requestId ?? null;
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }
}

export function isApiProblem(e: unknown): e is ApiProblem {
  return e instanceof ApiProblem;
}

function isProblemBody(body: unknown): body is Problem {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as Problem).status === 'number' &&
    typeof (body as Problem).code === 'string'
  );
}

/** Seconds to wait from a Retry-After header (delta-seconds or an HTTP date). */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** Builds the typed error from an error body (already parsed by openapi-fetch) and its response. */
export function toApiProblem(body: unknown, response: Response): ApiProblem {
  const retryAfter = parseRetryAfter(response.headers.get('Retry-After'));
  if (isProblemBody(body)) {
    return new ApiProblem({
      status: body.status || response.status,
      code: body.code,
      title: body.title,
      detail: body.detail,
      fieldErrors: body.errors ?? [],
      retryAfter,
      requestId: body.request_id ?? response.headers.get('X-Request-Id'),
    });
  }
  return new ApiProblem({
    status: response.status,
    code: 'unknown',
    title: response.statusText || `HTTP ${response.status}`,
    detail: typeof body === 'string' && body.length < 300 ? body : '',
    retryAfter,
    requestId: response.headers.get('X-Request-Id'),
  });
}

/**
 * Turns an API field path (`conditions[1].words`, `items.0.name`, `/body/subject`) into the
 * dotted path react-hook-form uses (`conditions.1.words`).
 */
export function toFormPath(path: string): string {
  return path
    .replace(/^\/?(body\/)?/, '')
    .replace(/\//g, '.')
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/\["([^"]+)"\]/g, '.$1')
    .replace(/^\./, '')
    .replace(/\.{2,}/g, '.');
}

/**
 * Maps a 422's field errors onto form fields. `fields` are the form's field paths (in the
 * form's dotted notation; an entry `conditions` also takes `conditions.1.words` — the deepest
 * known prefix wins); `rename` maps API paths to form paths where they differ.
 * Returns the errors per form field and those no field took (shown above the form).
 */
export function mapFieldErrors(
  problem: ApiProblem,
  fields: readonly string[],
  rename: Readonly<Record<string, string>> = {},
): { byField: Record<string, string>; rest: FieldError[] } {
  const byField: Record<string, string> = {};
  const rest: FieldError[] = [];
  const known = new Set(fields);
  for (const fe of problem.fieldErrors) {
    const raw = fe.field;
    const path = rename[raw] ?? toFormPath(raw);
    let target: string | undefined;
    if (known.has(path)) {
      target = path;
    } else {
      const parts = path.split('.');
      for (let n = parts.length - 1; n > 0 && !target; n--) {
        const prefix = parts.slice(0, n).join('.');
        if (known.has(prefix)) target = prefix;
      }
    }
    if (target === undefined) rest.push(fe);
    else if (!(target in byField)) byField[target] = fe.message;
  }
  return { byField, rest };
}

/**
 * What a failed form submit shows above the form: a 422's field errors go to their fields
 * (`setField(field, message)`) and the ones no field takes are joined into one sentence; any
 * other problem is its detail, a network failure or an unexpected error a sentence of `t`'s.
 */
export function formFailure(
  e: unknown,
  fields: readonly string[],
  setField: (field: string, message: string) => void,
  t: (key: string) => string,
): string {
  if (!isApiProblem(e)) return t('common:error.unexpected');
  if (e.status === 422) {
    const { byField, rest } = mapFieldErrors(e, fields);
    for (const [field, message] of Object.entries(byField)) setField(field, message);
    return rest.length ? rest.map((r) => r.message).join(' ') : t('common:form.fixErrors');
  }
  return e.code === 'network' ? t('common:error.network') : e.detail;
}
