import type { Browser, Page } from '@playwright/test';
import type { components } from '../src/api/schema';
import { test, expect, DEMO, ApiError, apiLogin, loginAs, screenshot, expectNoA11yViolations, unique, type ApiClient } from './fixtures';

/**
 * An agent works one ticket of the demo data on the console's ticket page: reads what triage
 * decided, sets the impact (the priority follows the matrix), writes an internal note the
 * customer never sees and a reply they do, assigns it, and is told why a status change is
 * refused.
 */
test.describe.configure({ mode: 'serial' });

type S = components['schemas'];
type Detail = S['TicketDetail'];

const STATUS: Record<S['TicketStatus'], string> = {
  new: 'New',
  open: 'Open',
  pending_customer: 'Waiting on customer',
  scheduled: 'Scheduled',
  resolved: 'Resolved',
  closed: 'Closed',
};
const PRIORITY: Record<S['Priority'], string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low' };
const IMPACT_OPTION: Record<S['Impact'], string> = {
  critical: 'Critical — the business stands still',
  high: 'High — a key process is hindered',
  medium: 'Medium — some users are hindered',
  low: 'Low — little or no hindrance',
};

let reference = '';
let subject = '';
let requesterEmail = '';
let requesterName = '';
let agentLanguage: 'nl' | 'en' = 'en';

/** A demo ticket triage decided something on, still being worked, asked by a customer. */
async function pickDemoTicket(agent: ApiClient) {
  const page = await agent.get<S['TicketPage']>('/api/v1/tickets?status=new,open,pending_customer&limit=100');
  for (const t of page.items) {
    const detail = await agent.get<Detail>(`/api/v1/tickets/${t.reference}`);
    if (!detail.triage) continue;
    const requester = await agent.get<S['User']>(`/api/v1/users/${t.requester_id}`);
    if (requester.role !== 'customer' && requester.role !== 'customer_admin') continue;
    return { ticket: detail, requester };
  }
  throw new Error('no demo ticket with a triage decision');
}

async function openAsAgent(page: Page, lang: 'nl' | 'en' = 'en') {
  await loginAs(page, DEMO.agent, { lang, next: `/console/tickets/${reference}` });
  await expect(page.getByRole('heading', { level: 1, name: subject })).toBeVisible();
}

/** The customer's own ticket page, in a browser context of its own. */
async function customerView(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await loginAs(page, requesterEmail, { lang: 'en', next: `/tickets/${reference}` });
  await expect(page.getByRole('heading', { level: 1, name: subject })).toBeVisible();
  return { page, close: () => context.close() };
}

test.beforeAll(async () => {
  const agent = await apiLogin(DEMO.agent);
  agentLanguage = agent.user.language;
  const { ticket, requester } = await pickDemoTicket(agent);
  reference = ticket.reference;
  subject = ticket.subject;
  requesterEmail = requester.email;
  requesterName = requester.display_name;
  await agent.ctx.dispose();
});

test.afterAll(async () => {
  // loginAs set the agent's profile language; other specs expect the one they found.
  const agent = await apiLogin(DEMO.agent);
  await agent.setLanguage(agentLanguage);
  await agent.ctx.dispose();
});

test('the agent opens the ticket and reads what triage decided, and why', async ({ page, api }) => {
  const agent = await api('agent');
  const { triage: decided } = await agent.get<Detail>(`/api/v1/tickets/${reference}`);

  await openAsAgent(page);
  const triage = page.getByRole('region', { name: 'Triage' });
  const decision = triage.getByRole('region', { name: 'What the rules decided' });
  await expect(decision.getByText(`Rule “${decided!.rule_name}”`)).toBeVisible();
  await expect(decision.getByText(decided!.explanation)).toBeVisible();
  // The history credits the same rule, not a person, and says why it fired.
  const history = page.getByRole('region', { name: 'History' });
  await expect(history.getByText(`Rule “${decided!.rule_name}”`).first()).toBeVisible();
  await expect(history.getByText(decided!.explanation).first()).toBeVisible();

  // The SLA explanation is the API's own sentence.
  const sla = await agent.get<S['TicketSla']>(`/api/v1/tickets/${reference}/sla`);
  await expect(triage.getByText(sla.first_response.explanation)).toBeVisible();
});

test('re-running triage says what the rules did; converting the kind asks first and keeps the reference', async ({ page, api }) => {
  const agent = await api('agent');
  const before = await agent.get<Detail>(`/api/v1/tickets/${reference}`);
  await openAsAgent(page);
  const triage = page.getByRole('region', { name: 'Triage' });
  await triage.getByRole('button', { name: 'Run triage again' }).click();
  await expect(triage.getByRole('status').filter({ hasText: 'Triage ran again' })).toBeVisible();

  const kind = triage.getByRole('region', { name: 'Kind' });
  await kind.getByLabel('Convert to').selectOption({ label: 'Change request' });
  await kind.getByRole('button', { name: 'Convert…' }).click();
  const dialog = page.getByRole('dialog', { name: `Convert ${reference} to Change request?` });
  await expect(dialog).toContainText(`The reference stays ${reference}`);
  // Cancelling changes nothing.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect((await agent.get<Detail>(`/api/v1/tickets/${reference}`)).kind).toBe(before.kind);

  await kind.getByRole('button', { name: 'Convert…' }).click();
  await dialog.getByRole('button', { name: 'Convert to Change request' }).click();
  await expect(kind.getByText(`Converted to Change request. The reference stays ${reference}.`)).toBeVisible();
  await expect(page.getByText('Change request', { exact: true }).first()).toBeVisible();
  const after = await agent.get<Detail>(`/api/v1/tickets/${reference}`);
  expect(after.kind).toBe('change_request');
  expect(after.id).toBe(before.id);
  // Back to what triage had decided, so the rest of the journey works the ticket as it was.
  await agent.patch(`/api/v1/tickets/${reference}`, { kind: before.kind });
});

test('setting the impact shows the priority from the matrix before saving', async ({ page, api }) => {
  const agent = await api('agent');
  const before = await agent.get<Detail>(`/api/v1/tickets/${reference}`);
  const matrix = await agent.get<S['PriorityMatrixBody']>('/api/v1/priority-matrix');
  // An impact whose cell (at the ticket's urgency) gives another priority than the ticket has.
  const cell = matrix.cells.find((c) => c.urgency === before.urgency && c.impact !== before.impact && c.priority !== before.priority);
  expect(cell, 'the matrix has an impact that changes this ticket’s priority').toBeTruthy();

  await openAsAgent(page);
  const triage = page.getByRole('region', { name: 'Triage' });
  await triage.getByLabel('Impact (set by staff)').selectOption({ label: IMPACT_OPTION[cell!.impact] });
  // Shown live, before anything is saved.
  await expect(triage.getByRole('status').filter({ hasText: 'Resulting priority' })).toContainText(
    `${PRIORITY[cell!.priority]} (priority matrix: impact`,
  );
  await expect(triage.getByText(`changes from ${PRIORITY[before.priority]}`)).toBeVisible();
  expect((await agent.get<Detail>(`/api/v1/tickets/${reference}`)).priority).toBe(before.priority);

  await triage.getByRole('button', { name: 'Save impact and urgency' }).click();
  await expect(triage.getByText(`Saved. The priority is now ${PRIORITY[cell!.priority]}.`)).toBeVisible();
  await expect(page.getByText(`Priority ${PRIORITY[cell!.priority]}`, { exact: true })).toBeVisible();
  const after = await agent.get<Detail>(`/api/v1/tickets/${reference}`);
  expect(after.impact).toBe(cell!.impact);
  expect(after.priority).toBe(cell!.priority);
});

test('an internal note never reaches the customer; a public reply does', async ({ page, browser, api }) => {
  const me = (await api('agent')).user.display_name;
  const note = unique('INTERNAL: the customer changed the VAT table themselves');
  const reply = unique('We found the cause; please try again');

  await openAsAgent(page);
  const composer = page.getByRole('form', { name: 'Reply or note' });
  // The composer starts at "internal note", and says so.
  await expect(composer.getByRole('radio', { name: /Internal note/ })).toBeChecked();
  await composer.getByLabel('Your internal note').fill(note);
  await composer.getByLabel(/^Attach files/).setInputFiles({ name: 'vat-table-export.txt', mimeType: 'text/plain', buffer: Buffer.from('VAT 6%\n') });
  await composer.getByRole('button', { name: 'Add internal note' }).click();
  await expect(composer.getByText('The internal note is added. The customer does not see it.')).toBeVisible();
  const thread = page.getByRole('region', { name: 'Conversation and notes' });
  const noteArticle = thread.getByRole('article', { name: new RegExp(`^Internal note by ${me},`) }).filter({ hasText: note });
  await expect(noteArticle).toBeVisible();
  await expect(noteArticle.getByText('Internal note', { exact: true })).toBeVisible();
  await expect(noteArticle.getByRole('button', { name: 'Download vat-table-export.txt' })).toBeVisible();

  await composer.getByRole('radio', { name: /Public reply to the customer/ }).check();
  await composer.getByLabel(`Your reply to ${requesterName}`).fill(reply);
  await composer.getByRole('button', { name: `Send reply to ${requesterName}` }).click();
  await expect(composer.getByText('The reply is sent to the customer.')).toBeVisible();
  await expect(thread.getByRole('article', { name: new RegExp(`^Reply by ${me},`) }).filter({ hasText: reply })).toBeVisible();
  // After sending, the choice is back at "internal note".
  await expect(composer.getByRole('radio', { name: /Internal note/ })).toBeChecked();

  const customer = await customerView(browser);
  await expect(customer.page.getByText(reply)).toBeVisible();
  await expect(customer.page.getByText(note)).toHaveCount(0);
  await expect(customer.page.getByRole('button', { name: 'Download vat-table-export.txt' })).toHaveCount(0);
  await customer.page.reload();
  await expect(customer.page.getByText(reply)).toBeVisible();
  await expect(customer.page.getByText(note)).toHaveCount(0);
  await customer.close();
});

test('what the agent types survives a live change by a colleague', async ({ page, api }) => {
  const emma = await api('agent2');
  const draft = 'Half-written answer that must stay put';
  const colleague = unique('Emma looked at the logs');

  await openAsAgent(page);
  const composer = page.getByRole('form', { name: 'Reply or note' });
  await composer.getByLabel('Your internal note').fill(draft);
  await emma.internalNote(reference, colleague);
  // The live update brings the colleague's note without a reload …
  await expect(page.getByRole('region', { name: 'Conversation and notes' }).getByText(colleague)).toBeVisible({ timeout: 5000 });
  // … and the draft is still there.
  await expect(composer.getByLabel('Your internal note')).toHaveValue(draft);
});

test('the agent assigns the ticket to a colleague, then to themselves', async ({ page, api }) => {
  const agent = await api('agent');
  const current = (await agent.get<Detail>(`/api/v1/tickets/${reference}`)).assignee_id;
  // A colleague the ticket is not assigned to yet (the demo data assigns some tickets to Emma).
  const emma = (await api('agent2')).user;
  const colleague = emma.id !== current ? emma : (await api('admin')).user;

  await openAsAgent(page);
  const details = page.getByRole('region', { name: 'Ticket', exact: true });
  await details.getByLabel('Assign to').selectOption({ label: colleague.display_name });
  await details.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(details.getByText(`Assigned to ${colleague.display_name}.`)).toBeVisible();
  expect((await agent.get<Detail>(`/api/v1/tickets/${reference}`)).assignee_id).toBe(colleague.id);

  await details.getByRole('button', { name: 'Assign to me' }).click();
  await expect(details.getByText(`Assigned to ${agent.user.display_name}.`)).toBeVisible();
  await expect(details.getByLabel('Assign to')).toHaveValue(agent.user.id);
  expect((await agent.get<Detail>(`/api/v1/tickets/${reference}`)).assignee_id).toBe(agent.user.id);
  await expect(page.getByRole('region', { name: 'History' }).getByText(`assigned the ticket to ${agent.user.display_name}`).first()).toBeVisible();
});

test('the status control offers only the allowed moves and says why the others are not possible', async ({ page, api }) => {
  const agent = await api('agent');
  const ticket = await agent.get<Detail>(`/api/v1/tickets/${reference}`);
  expect(ticket.status).not.toBe('resolved');
  // What the API says when asked to close a ticket that is not resolved.
  const refusal = await agent.patch(`/api/v1/tickets/${reference}`, { status: 'closed' }).then(
    () => null,
    (e: unknown) => (e instanceof ApiError ? (e.body as S['Problem']) : null),
  );
  expect(refusal?.status).toBe(409);

  await openAsAgent(page);
  const details = page.getByRole('region', { name: 'Ticket', exact: true });
  const control = details.getByLabel('Change status');
  const offered = await control.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
  expect(offered).toEqual(ticket.allowed_statuses);
  expect(offered).not.toContain('closed');
  // Closing is explained beforehand, in the words the refusal would use.
  const notNow = details.getByRole('list', { name: 'Not possible now:' });
  const closing = notNow.getByRole('listitem').filter({ hasText: 'Closed' });
  const reason = ticket.refused_statuses.find((r) => r.status === 'closed')!.reason;
  await expect(closing).toContainText(reason);
  expect(refusal!.detail).toContain(reason);

  // An allowed move goes through and the offer follows the new status.
  const target: S['TicketStatus'] = ticket.status === 'open' ? 'pending_customer' : 'open';
  expect(offered).toContain(target);
  await control.selectOption(target);
  await details.getByRole('button', { name: 'Change status' }).click();
  await expect(details.getByText(`The status is now: ${STATUS[target]}.`)).toBeVisible();
  expect((await agent.get<Detail>(`/api/v1/tickets/${reference}`)).status).toBe(target);
  await expect(control.locator(`option[value="${target}"]`)).toHaveCount(0);
  await expect(control.locator(`option[value="${ticket.status}"]`)).toHaveCount(ticket.status === 'new' ? 0 : 1);
});

test('the ticket page passes axe and is photographed in both languages at both widths', async ({ page, api }) => {
  const agent = await api('agent');
  await openAsAgent(page, 'en');
  for (const lang of ['en', 'nl'] as const) {
    await page.setViewportSize({ width: 1280, height: 800 });
    if (lang === 'nl') {
      // The switch refetches what the API words in the reader's language (the SLA's sentences).
      await page.getByRole('button', { name: 'Nederlands' }).click();
      const res = await agent.ctx.get(`/api/v1/tickets/${reference}/sla`, {
        headers: { Authorization: `Bearer ${agent.token}`, 'Accept-Language': 'nl' },
      });
      const sla = (await res.json()) as S['TicketSla'];
      await expect(page.getByRole('region', { name: 'Triage' }).getByText(sla.first_response.explanation)).toBeVisible();
    }
    await expect(page.getByRole('region', { name: lang === 'en' ? 'History' : 'Geschiedenis' }).getByRole('listitem').first()).toBeVisible();
    await expectNoA11yViolations(page, `console ticket (${lang})`);
    await screenshot(page, 'console-ticket');
    await page.setViewportSize({ width: 375, height: 800 });
    await expectNoA11yViolations(page, `console ticket (${lang}, 375 px)`);
    await screenshot(page, 'console-ticket');
  }
});
