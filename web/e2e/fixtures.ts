/**
 * Shared e2e fixtures (W1 and W2 use these; keep them stable).
 *
 *   import { test, expect, DEMO, loginAs, screenshot, expectNoA11yViolations } from './fixtures';
 *
 *   test('...', async ({ page, api }) => {
 *     const agent = await api('jan.agent@loket.example');   // or api('agent')
 *     await loginAs(page, DEMO.customer, { lang: 'en' });  // through the UI
 *     await screenshot(page, 'my-tickets');                 // e2e/screenshots/my-tickets-en-1280.png
 *     await expectNoA11yViolations(page);                   // axe: no serious/critical
 *   });
 *
 * `api(who)` logs in through the API (POST /api/v1/auth/login, no cookie) and gives typed
 * helpers plus raw `get/post/patch` for anything else. Data is created through the API,
 * never by clicking through set-up screens.
 */
import { test as base, expect, request as pwRequest, type APIRequestContext, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { components } from '../src/api/schema';

type S = components['schemas'];
export type Ticket = S['Ticket'];
export type Comment = S['Comment'];
export type Appointment = S['Appointment'];
export type User = S['User'];

export const PASSWORD = 'loket-demo-2026';

/** The demo logins (password PASSWORD). */
export const DEMO = {
  admin: 'admin@loket.example',
  agent: 'jan.agent@loket.example',
  agent2: 'emma.agent@loket.example',
  /** Bakkerij Peeters, customer admin; the organisation HAS a maintenance contract. */
  customerAdmin: 'an.peeters@bakkerij-peeters.example',
  /** Bakkerij Peeters, customer. */
  customer: 'tom.claes@bakkerij-peeters.example',
  /** Garage Janssens, customer admin, NO contract, language en. */
  otherAdmin: 'lisa.janssens@garage-janssens.example',
  /** Garage Janssens, customer. */
  otherCustomer: 'pieter.maes@garage-janssens.example',
} as const;
export type DemoRole = keyof typeof DEMO;

export function baseUrl(): string {
  const url = process.env.LOKET_E2E_URL;
  if (!url) throw new Error('LOKET_E2E_URL is not set: run through `npm run e2e` (global setup starts loket).');
  return url;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`${what} → ${status} ${JSON.stringify(body)}`);
  }
}

/** One logged-in API caller. */
export class ApiClient {
  constructor(
    readonly ctx: APIRequestContext,
    readonly user: User,
    readonly token: string,
  ) {}

  private async call<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, data?: unknown): Promise<T> {
    const res = await this.ctx.fetch(path, {
      method,
      headers: { Authorization: `Bearer ${this.token}`, 'Accept-Language': 'en' },
      ...(data !== undefined ? { data } : {}),
    });
    const text = await res.text();
    const body: unknown = text ? (() => { try { return JSON.parse(text); } catch { return text; } })() : undefined;
    if (!res.ok()) throw new ApiError(res.status(), body, `${method} ${path}`);
    return body as T;
  }
  get<T>(path: string) { return this.call<T>('GET', path); }
  post<T>(path: string, data: unknown = {}) { return this.call<T>('POST', path, data); }
  patch<T>(path: string, data: unknown) { return this.call<T>('PATCH', path, data); }
  put<T>(path: string, data: unknown) { return this.call<T>('PUT', path, data); }
  delete<T>(path: string) { return this.call<T>('DELETE', path); }

  /** A customer files a question (as the portal would). */
  async createTicket(body: { subject: string; description: string; urgency?: S['Urgency']; category?: string }): Promise<Ticket> {
    const r = await this.post<S['TicketWithDecisions']>('/api/v1/tickets', body);
    return r.ticket;
  }
  /** A public reply (staff or customer); answers the new comment. */
  async reply(reference: string, body: string): Promise<Comment> {
    return this.comment(reference, body, false);
  }
  /** Staff only: an internal note customers never see; answers the new note. */
  async internalNote(reference: string, body: string): Promise<Comment> {
    return this.comment(reference, body, true);
  }
  private async comment(reference: string, body: string, internal: boolean): Promise<Comment> {
    const added = await this.post<S['CommentAdded']>(`/api/v1/tickets/${reference}/comments`, internal ? { body, internal } : { body });
    return added.comment;
  }
  /** Sets the caller's profile language. */
  async setLanguage(language: 'nl' | 'en') {
    return this.patch<User>('/api/v1/me', { language });
  }
  /**
   * Staff: books an appointment on the ticket with this caller (an agent) in the first free
   * slot of the interventions schedule from tomorrow on.
   */
  async bookAppointment(reference: string, opts: { minutes?: number; mode?: S['AppointmentMode']; note?: string } = {}): Promise<Appointment> {
    const minutes = opts.minutes ?? 60;
    const from = new Date(Date.now() + 24 * 3600_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 40 * 24 * 3600_000).toISOString().slice(0, 10);
    const slots = await this.get<S['FreeSlots']>(
      `/api/v1/schedules/interventions/slots?from=${from}&to=${to}&minutes=${minutes}&agent=${this.user.id}`,
    );
    const slot = slots.slots[0];
    if (!slot) throw new Error(`no free slot between ${from} and ${to}`);
    return this.post<Appointment>('/api/v1/appointments', {
      ticket: reference,
      agent_id: this.user.id,
      starts_at: slot.start,
      minutes,
      mode: opts.mode ?? 'remote',
      note: opts.note ?? 'Remote session to look at the problem together',
    });
  }
  /** Admin: finds a user by e-mail. */
  async userByEmail(email: string): Promise<User> {
    const page = await this.get<S['UserPage']>(`/api/v1/users?q=${encodeURIComponent(email)}`);
    const u = page.items.find((x) => x.email === email);
    if (!u) throw new Error(`no user ${email}`);
    return u;
  }
}

/** Logs in through the API (no refresh cookie) and returns a caller. */
export async function apiLogin(email: string, password = PASSWORD): Promise<ApiClient> {
  // A fresh connection per request: the server closes idle connections after 5 s, and a
  // request sent on one at that moment fails with ECONNRESET (Node does not retry it).
  const ctx = await pwRequest.newContext({ baseURL: baseUrl(), extraHTTPHeaders: { Connection: 'close' } });
  const res = await ctx.post('/api/v1/auth/login', { data: { email, password } });
  if (!res.ok()) throw new ApiError(res.status(), await res.text(), `login ${email}`);
  const pair = (await res.json()) as S['TokenPair'];
  return new ApiClient(ctx, pair.user, pair.access_token);
}

/** Logs in through the UI. `lang` sets the profile language first, so the app opens in it. */
export async function loginAs(page: Page, email: string, opts: { lang?: 'nl' | 'en'; next?: string; password?: string } = {}) {
  if (opts.lang) {
    const c = await apiLogin(email, opts.password);
    await c.setLanguage(opts.lang);
    await c.ctx.dispose();
  }
  await page.goto(opts.next ? `/login?next=${encodeURIComponent(opts.next)}` : '/login');
  await page.getByLabel(/^(E-mail address|E-mailadres)$/).fill(email);
  await page.getByLabel(/^(Password|Wachtwoord)$/).fill(opts.password ?? PASSWORD);
  await page.getByRole('button', { name: /^(Log in|Aanmelden)$/ }).click();
  await expect(page).not.toHaveURL(/\/login/);
  await expect(page.getByRole('button', { name: /^(Log out|Afmelden)$/ }).or(page.getByRole('button', { name: 'Menu' }))).toBeVisible();
}

const screenshotDir = join(dirname(fileURLToPath(import.meta.url)), 'screenshots');

/** Full-page PNG into e2e/screenshots/<name>-<lang>-<width>.png (lang from <html lang>). */
export async function screenshot(page: Page, name: string) {
  mkdirSync(screenshotDir, { recursive: true });
  const lang = await page.evaluate(() => document.documentElement.lang || 'xx');
  const width = page.viewportSize()?.width ?? 0;
  // Let fonts and late layout settle; from the top, so the sticky header sits where it belongs.
  await page.evaluate(async () => {
    await document.fonts?.ready;
    (document.activeElement as HTMLElement | null)?.blur?.();
    window.scrollTo(0, 0);
    await new Promise((r) => requestAnimationFrame(() => r(null)));
  });
  await page.screenshot({ path: join(screenshotDir, `${name}-${lang}-${width}.png`), fullPage: true });
}

/** One axe scan: fails on serious or critical violations, listing them. */
export async function expectNoA11yViolations(page: Page, what = page.url()) {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const text = bad
    .map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `   ${n.target.join(' ')}: ${n.failureSummary ?? ''}`).join('\n')}`)
    .join('\n');
  expect(bad, `axe on ${what}:\n${text}`).toEqual([]);
}

interface Fixtures {
  /** `await api('agent')` or `await api('someone@x.example')`: a logged-in API caller, disposed after the test. */
  api: (who: DemoRole | string) => Promise<ApiClient>;
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern
  baseURL: async ({}, use) => {
    await use(baseUrl());
  },
  // eslint-disable-next-line no-empty-pattern
  api: async ({}, use) => {
    const made: ApiClient[] = [];
    await use(async (who) => {
      const email = who in DEMO ? DEMO[who as DemoRole] : who;
      const c = await apiLogin(email);
      made.push(c);
      return c;
    });
    for (const c of made) await c.ctx.dispose();
  },
});

export { expect };

/** A unique bit of text for test data. */
export function unique(prefix: string): string {
  return `${prefix} ${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}
