import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, expect, apiLogin, DEMO, loginAs, screenshot, expectNoA11yViolations, unique } from './fixtures';
import type { components } from '../src/api/schema';

/**
 * The admin adds a webhook to a receiver this test runs, sees the signing secret once, and a
 * customer's new ticket reaches the receiver signed with that secret; the delivery log shows
 * it with its status code and response time. A receiver answering 500 shows in the log as a
 * failed attempt; after the receiver is fixed, redeliver makes it delivered. The webhook is
 * deleted at the end.
 *
 * The server's worker polls the outbox every second (LOKET_WEBHOOK_POLL_MS, 1000 by default)
 * and retries after 30 s at the earliest: the waits below allow for both on a busy machine.
 */

type S = components['schemas'];

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP receiver on 127.0.0.1: records every request; answers `status`. */
async function startReceiver() {
  const received: Received[] = [];
  const state = { status: 200 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(state.status, { 'content-type': 'text/plain' });
      res.end(state.status === 200 ? 'ok' : 'broken');
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/loket-hook/${Date.now().toString(36)}`,
    received,
    state,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

/** Checks X-Loket-Signature as the screen explains it. */
function signatureValid(secret: string, header: string | string[] | undefined, body: string): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(header ?? ''));
  if (!m) return false;
  const [, t, v1] = m as unknown as [string, string, string];
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return timingSafeEqual(Buffer.from(v1), Buffer.from(expected)) && Math.abs(Date.now() / 1000 - Number(t)) < 300;
}

function ticketEvents(received: Received[], reference: string) {
  return received.filter((r) => r.headers['x-loket-event'] === 'ticket.created' && r.body.includes(reference));
}

test.afterAll(async () => {
  const c = await apiLogin(DEMO.admin);
  await c.setLanguage('en');
  await c.ctx.dispose();
});

test('the admin adds a webhook, sees its secret once, and the deliveries show in the log; a failed one is redelivered', async ({ page, api }) => {
  test.setTimeout(180_000);
  const admin = await api('admin');
  const tom = await api('customer');
  const receiver = await startReceiver();
  let webhookId: string | undefined;
  try {
    await loginAs(page, DEMO.admin, { lang: 'en' });
    await page.goto('/admin/webhooks');
    await expect(page.getByRole('heading', { level: 1, name: 'Webhooks' })).toBeVisible();
    // The demo's paused webhook with its history is there.
    await expect(page.getByRole('table', { name: 'Subscriptions' }).getByText('erp.bakkerij-peeters.example.invalid', { exact: false })).toBeVisible();

    // Add: the API's field errors next to the fields first.
    await page.getByRole('button', { name: 'Add a webhook' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Add a webhook' });
    await dialog.getByLabel('Address (URL)').fill('ftp://files.example/hook');
    await dialog.getByRole('button', { name: 'Add the webhook' }).click();
    await expect(dialog.getByText('Enter an address that starts with http:// or https://, without spaces.')).toBeVisible();
    await dialog.getByLabel('Address (URL)').fill(receiver.url);
    await dialog.getByRole('checkbox', { name: /^Ticket created/ }).uncheck();
    await dialog.getByRole('button', { name: 'Add the webhook' }).click();
    await expect(dialog.getByText('Choose at least one event.')).toBeVisible();
    await dialog.getByRole('checkbox', { name: /^Ticket created/ }).check();
    await dialog.getByRole('checkbox', { name: /^Public reply/ }).check();
    await expectNoA11yViolations(page, 'add a webhook');
    const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/webhooks') && r.request().method() === 'POST');
    await dialog.getByRole('button', { name: 'Add the webhook' }).click();
    expect((await created).status()).toBe(201);

    // The secret, once.
    const shown = page.getByRole('dialog', { name: 'Webhook added: its signing secret' });
    await expect(shown.getByText('You will not see this secret again')).toBeVisible();
    const secret = await shown.getByLabel('Signing secret').inputValue();
    expect(secret).toMatch(/^whsec_.{20,}/);
    await shown.getByRole('button', { name: 'Copy the secret' }).click();
    await expect(shown.getByRole('button', { name: /Copied/ })).toBeVisible();
    await shown.getByText('How the receiver checks a request').click();
    await expect(shown.getByText(/X-Loket-Signature: t=/)).toBeVisible();
    await expect(shown.getByText(/HMAC-SHA256/)).toBeVisible();
    await expectNoA11yViolations(page, 'the secret shown once');
    await screenshot(page, 'admin-webhooks-secret');
    await shown.getByRole('button', { name: 'I have copied it' }).click();
    await expect(shown).toBeHidden();
    await expect(page.getByRole('status').filter({ hasText: `The webhook to ${receiver.url} is added.` })).toBeVisible();
    const hooks = await admin.get<S['Webhook'][]>('/api/v1/webhooks');
    const hook = hooks.find((h) => h.url === receiver.url);
    expect(hook?.event_types.sort()).toEqual(['ticket.commented', 'ticket.created']);
    webhookId = hook?.id;
    // The secret is nowhere on the page any more.
    await expect(page.getByText(secret)).toHaveCount(0);

    // A customer files a ticket: the receiver gets it, signed with the secret shown.
    const ticket = await tom.createTicket({ subject: unique('Kassa start niet op'), description: 'Het scherm blijft zwart.' });
    await expect.poll(() => ticketEvents(receiver.received, ticket.reference).length, { timeout: 30_000 }).toBe(1);
    const got = ticketEvents(receiver.received, ticket.reference)[0]!;
    expect(signatureValid(secret, got.headers['x-loket-signature'], got.body)).toBe(true);
    expect(signatureValid('not-the-secret-at-all', got.headers['x-loket-signature'], got.body)).toBe(false);
    const payload = JSON.parse(got.body) as { id: string; type: string; data: { ticket: { reference: string } } };
    expect(payload).toMatchObject({ type: 'ticket.created', data: { ticket: { reference: ticket.reference } } });
    expect(got.headers['x-loket-event-id']).toBe(payload.id);

    // Its delivery log: delivered, 200, a response time.
    await page.getByRole('button', { name: `Delivery log of ${receiver.url}` }).click();
    const log = page.getByRole('table', { name: `Deliveries to ${receiver.url}` });
    const firstRow = log.getByRole('row').filter({ hasText: 'Ticket created' });
    await expect(firstRow).toHaveCount(1, { timeout: 15_000 });
    await expect(firstRow.getByText('Delivered')).toBeVisible({ timeout: 15_000 });
    await expect(firstRow.getByRole('cell', { name: '200', exact: true })).toBeVisible();
    await expect(firstRow.getByRole('cell', { name: /^\d+ ms$|^\d+(\.\d)? s$/ })).toBeVisible();
    await expect(firstRow.getByRole('cell', { name: '1', exact: true })).toBeVisible();
    const [logged] = await admin.get<S['Delivery'][]>(`/api/v1/webhooks/${webhookId}/deliveries`);
    expect(logged).toMatchObject({ status: 'delivered', last_status_code: 200, attempts: 1 });
    expect(logged?.last_duration_ms).toBeGreaterThanOrEqual(0);

    // The receiver breaks: a public reply is refused with 500 and shows as a failed attempt.
    receiver.state.status = 500;
    await admin.reply(ticket.reference, 'We bekijken het vandaag nog.');
    const replyRow = log.getByRole('row').filter({ hasText: 'Public reply' });
    await expect(replyRow).toHaveCount(1, { timeout: 30_000 });
    await expect(replyRow.getByText('Retrying')).toBeVisible({ timeout: 30_000 });
    await expect(replyRow.getByRole('cell', { name: '500', exact: true })).toBeVisible();
    await expect(replyRow.getByText('the receiver answered 500 Internal Server Error')).toBeVisible();
    await expect(replyRow.getByText(/^next attempt /)).toBeVisible();
    await expectNoA11yViolations(page, 'the delivery log with a failed attempt');
    await screenshot(page, 'admin-webhooks-log');

    // Fixed: redeliver, and the log shows it delivered.
    receiver.state.status = 200;
    const replies = () => receiver.received.filter((r) => r.headers['x-loket-event'] === 'ticket.commented').length;
    const before = replies();
    await replyRow.getByRole('button', { name: /^Redeliver Public reply of / }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Public reply is queued again' })).toBeVisible();
    await expect(replyRow.getByText('Delivered')).toBeVisible({ timeout: 30_000 });
    await expect(replyRow.getByRole('cell', { name: '200', exact: true })).toBeVisible();
    expect(replies()).toBeGreaterThan(before);
    const last = receiver.received.at(-1)!;
    expect(signatureValid(secret, last.headers['x-loket-signature'], last.body)).toBe(true);

    // Edit: pause it. Nothing new arrives while it is paused.
    await page.getByRole('button', { name: `Edit ${receiver.url}` }).click();
    const edit = page.getByRole('dialog', { name: 'Edit the webhook' });
    await edit.getByRole('checkbox', { name: /^Active/ }).uncheck();
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect(edit).toBeHidden();
    const row = page.getByRole('table', { name: 'Subscriptions' }).getByRole('row').filter({ hasText: receiver.url });
    await expect(row.getByText('Paused')).toBeVisible();

    // Delete, with confirmation.
    await page.getByRole('button', { name: `Delete ${receiver.url}` }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete this webhook?' });
    await expect(confirm.getByText(receiver.url)).toBeVisible();
    await confirm.getByRole('button', { name: 'Delete the webhook' }).click();
    await expect(page.getByRole('status').filter({ hasText: `The webhook to ${receiver.url} is deleted.` })).toBeVisible();
    await expect(row).toHaveCount(0);
    expect((await admin.get<S['Webhook'][]>('/api/v1/webhooks')).some((h) => h.id === webhookId)).toBe(false);
    webhookId = undefined;
  } finally {
    if (webhookId) await admin.delete(`/api/v1/webhooks/${webhookId}`).catch(() => undefined);
    await receiver.close();
  }
});

test('the webhooks screen and the demo log, in Dutch and English, wide and on a phone', async ({ browser }) => {
  for (const lang of ['nl', 'en'] as const) {
    const context = await browser.newContext({ baseURL: process.env.LOKET_E2E_URL, locale: lang === 'nl' ? 'nl-BE' : 'en-GB', timezoneId: 'Europe/Brussels' });
    const page = await context.newPage();
    await loginAs(page, DEMO.admin, { lang });
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto('/admin/webhooks');
      const log = page.getByRole('table', { name: lang === 'nl' ? /^Leveringen aan / : /^Deliveries to / });
      await expect(log.getByRole('row').nth(1)).toBeVisible();
      // The demo's history: delivered and failed, with codes and timings.
      await expect(log.getByText(lang === 'nl' ? 'Mislukt' : 'Failed').first()).toBeVisible();
      await expect(log.getByText(lang === 'nl' ? 'Geleverd' : 'Delivered').first()).toBeVisible();
      await expect(log.getByText('500', { exact: true })).toBeVisible();
      await expect(log.getByText(lang === 'nl' ? '1,3 s' : '1.3 s')).toBeVisible();
      await expectNoA11yViolations(page, `webhooks ${lang} ${width}`);
      await screenshot(page, 'admin-webhooks');
    }
    await context.close();
  }
});
