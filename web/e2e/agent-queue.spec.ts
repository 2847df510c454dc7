/**
 * The agent queue (issue 14, points 1, 2 and 8): live updates, filters and search in the URL,
 * saved views kept on the server, cursor paging, the keyboard, accessibility, screenshots.
 * Expectations come from the API itself (what `GET /tickets` answers for the same filters),
 * never from counts written into the test.
 */
import type { Page } from '@playwright/test';
import type { components } from '../src/api/schema';
import { test, expect, DEMO, apiLogin, loginAs, screenshot, expectNoA11yViolations, unique, type ApiClient } from './fixtures';

type TicketPage = components['schemas']['TicketPage'];
type Organization = components['schemas']['Organization'];
type SavedViewList = components['schemas']['SavedViewList'];

const OPEN = 'new,open,pending_customer,scheduled';
const PRIORITY_NAME = { critical: 'Critical', high: 'High', medium: 'Normal', low: 'Low' } as const;
const KIND_NAME = { support: 'Support', issue: 'Issue', change_request: 'Change request' } as const;

const queueTable = (page: Page) => page.getByRole('table', { name: /^(Tickets in the queue|Tickets in de wachtrij)$/ });

/** The references the queue shows, top to bottom (each row links to /console/tickets/<ref>). */
async function shownReferences(page: Page): Promise<string[]> {
  const table = queueTable(page);
  if (!(await table.isVisible())) return [];
  return table.getByRole('link').evaluateAll((links) => links.map((a) => (a.getAttribute('href') ?? '').split('/').pop() ?? ''));
}

/** What the API answers for these filters, first page, in its order. */
async function apiReferences(agent: ApiClient, query: Record<string, string>): Promise<string[]> {
  const page = await agent.get<TicketPage>(`/api/v1/tickets?${new URLSearchParams({ limit: '50', ...query })}`);
  return page.items.map((t) => t.reference);
}

async function openQueue(page: Page, lang: 'nl' | 'en' = 'en') {
  await loginAs(page, DEMO.agent, { lang });
  await expect(page).toHaveURL(/\/console$/);
  await expect(queueTable(page).or(page.getByText(/queue is empty|wachtrij is leeg/))).toBeVisible();
}

test.afterAll(async () => {
  // Leave jan's profile language as the other specs expect it.
  const c = await apiLogin(DEMO.agent);
  await c.setLanguage('en');
  await c.ctx.dispose();
});

test('the queue passes axe, and looks right in both languages on a desktop and a phone', async ({ page }) => {
  for (const lang of ['en', 'nl'] as const) {
    await page.setViewportSize({ width: 1280, height: 800 });
    await openQueue(page, lang);
    await expect(page.getByRole('heading', { level: 1, name: lang === 'en' ? 'Queue' : 'Wachtrij' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: /^Live$/ })).toBeVisible();
    await expectNoA11yViolations(page, `queue (${lang})`);
    await screenshot(page, 'console-queue');
    await page.keyboard.press('?');
    await expect(page.getByRole('dialog')).toBeVisible();
    await expectNoA11yViolations(page, `queue shortcuts (${lang})`);
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 375, height: 800 });
    await expect(queueTable(page)).toBeVisible();
    await expectNoA11yViolations(page, `queue on a phone (${lang})`);
    await screenshot(page, 'console-queue');
    await page.context().clearCookies();
  }
});

test('a ticket a customer files shows up in the open queue without a reload', async ({ page, api }) => {
  await openQueue(page);
  await expect(page.getByRole('status').filter({ hasText: /^Live$/ })).toBeVisible();
  // Marks this document: a reload would lose the mark. And the agent is typing a search.
  await page.evaluate(() => ((window as unknown as { loketMark: string }).loketMark = 'same page'));
  const search = page.getByRole('searchbox', { name: 'Search tickets' });
  await search.fill('half-typed words');

  const customer = await api('customer');
  const subject = unique('Cash register freezes at closing time');
  const filed = await customer.createTicket({ subject, description: 'Since this morning the register freezes when we close the day.', urgency: 'high' });

  const row = queueTable(page).getByRole('row').filter({ has: page.getByRole('link', { name: subject }) });
  await expect(row).toBeVisible({ timeout: 5_000 });
  await expect(row).toContainText(filed.reference);
  await expect(row).toContainText('Tom Claes');
  await expect(row).toContainText('Bakkerij Peeters');
  await expect(row.getByRole('link', { name: subject })).toHaveAttribute('href', `/console/tickets/${filed.reference}`);
  expect(await page.evaluate(() => (window as unknown as { loketMark?: string }).loketMark)).toBe('same page');
  await expect(search).toHaveValue('half-typed words');
  await expect(search).toBeFocused();
  // The API's order, unchanged.
  const agent = await api('agent');
  await expect.poll(() => shownReferences(page)).toEqual(await apiReferences(agent, { status: OPEN }));
});

test('filters and search narrow the queue, live in the URL, and the back button undoes them', async ({ page, api }) => {
  const agent = await api('agent');
  const customer = await api('customer');
  const word = `zwq${Date.now().toString(36)}`;
  const searched = await customer.createTicket({ subject: `Label printer ${word} prints blank pages`, description: `The ${word} printer feeds blank labels.` });
  await openQueue(page);
  const all = await apiReferences(agent, { status: OPEN });
  await expect.poll(() => shownReferences(page)).toEqual(all);

  // Priority: take the one the first open ticket has, so the filter has something to show.
  const first = (await agent.get<TicketPage>(`/api/v1/tickets?status=${OPEN}&limit=1`)).items[0]!;
  await page.getByLabel('Priority').selectOption({ label: PRIORITY_NAME[first.priority] });
  await expect(page).toHaveURL(new RegExp(`priority=${first.priority}`));
  const byPriority = await apiReferences(agent, { status: OPEN, priority: first.priority });
  await expect.poll(() => shownReferences(page)).toEqual(byPriority);
  expect(byPriority).toContain(first.reference);

  // Kind on top of it.
  await page.getByLabel('Kind').selectOption({ label: KIND_NAME[first.kind] });
  const byKind = await apiReferences(agent, { status: OPEN, priority: first.priority, kind: first.kind });
  await expect.poll(() => shownReferences(page)).toEqual(byKind);

  // Back twice: the filters go again.
  await page.goBack();
  await expect.poll(() => shownReferences(page)).toEqual(byPriority);
  await page.goBack();
  await expect(page).toHaveURL(/\/console$/);
  await expect.poll(() => shownReferences(page)).toEqual(all);

  // Organisation, channel, unassigned, mine, breached: each as the API has it.
  const orgs = (await agent.get<{ items: Organization[] }>('/api/v1/organizations?limit=200')).items;
  const peeters = orgs.find((o) => o.name.includes('Peeters'))!;
  // The organisation is found by typing part of its name (any number of organisations).
  const orgField = page.getByRole('combobox', { name: 'Organisation' });
  await orgField.fill('peet');
  await page.getByRole('option', { name: new RegExp(peeters.name) }).click();
  await expect(page).toHaveURL(new RegExp(`organization=${peeters.id}`));
  await expect(orgField).toHaveValue(peeters.name);
  await expect.poll(() => shownReferences(page)).toEqual(await apiReferences(agent, { status: OPEN, organization: peeters.id }));
  // A reload (or a shared link) shows the organisation by name.
  await page.reload();
  await expect(orgField).toHaveValue(peeters.name);
  await page.getByLabel('Channel').selectOption({ label: 'Portal' });
  await expect.poll(() => shownReferences(page)).toEqual(
    await apiReferences(agent, { status: OPEN, organization: peeters.id, channel: 'portal' }),
  );
  // × takes the organisation away again; the keyboard picks one too.
  await page.getByRole('button', { name: `Remove ${peeters.name}` }).click();
  await expect(page).not.toHaveURL(/organization=/);
  await expect(orgField).toHaveValue('');
  await expect(orgField).toBeFocused();
  await page.keyboard.type('peeters');
  await expect(page.getByRole('option', { name: new RegExp(peeters.name) })).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`organization=${peeters.id}`));
  await page.goto('/console');
  await page.getByLabel('Assignee').selectOption({ label: 'Unassigned' });
  await expect(page).toHaveURL(/assignee=unassigned/);
  await expect.poll(() => shownReferences(page)).toEqual(await apiReferences(agent, { status: OPEN, unassigned: 'true' }));
  await page.getByLabel('Assignee').selectOption({ label: 'Assigned to me' });
  const mine = await apiReferences(agent, { status: OPEN, assignee: 'me' });
  await expect.poll(() => shownReferences(page)).toEqual(mine);
  if (mine.length === 0) await expect(page.getByText('No tickets match these filters')).toBeVisible();
  await page.goto('/console');
  await page.getByRole('checkbox', { name: 'Breached only' }).check();
  await expect(page).toHaveURL(/breached=1/);
  await expect.poll(() => shownReferences(page)).toEqual(await apiReferences(agent, { status: OPEN, breached: 'true' }));

  // Search, reached with `/`: the ticket with the word, and what else the API finds for it.
  await page.goto('/console');
  await expect(queueTable(page)).toBeVisible();
  await page.keyboard.press('/');
  await expect(page.getByRole('searchbox', { name: 'Search tickets' })).toBeFocused();
  await page.keyboard.type(word);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`q=${word}`));
  const found = await apiReferences(agent, { status: OPEN, q: word });
  expect(found).toEqual([searched.reference]);
  await expect.poll(() => shownReferences(page)).toEqual(found);
  await expect(page.getByText(`Results for “${word}”`)).toBeVisible();

  // A link with filters opens the same list (shareable).
  await page.goto(`/console?status=all&q=${word}`);
  await expect.poll(() => shownReferences(page)).toEqual(await apiReferences(agent, { q: word }));
  await expect(page.getByRole('searchbox', { name: 'Search tickets' })).toHaveValue(word);
  await expect(page.getByLabel('Status')).toHaveValue('all');
});

test('a saved view is kept on the server: found again after a reload, renamed, deleted', async ({ page, api }) => {
  const agent = await api('agent');
  await openQueue(page);
  await page.getByLabel('Priority').selectOption({ label: 'High' });
  await page.getByLabel('Assignee').selectOption({ label: 'Unassigned' });
  await expect(page).toHaveURL(/priority=high/);
  const name = unique('High, nobody on it');

  await page.getByRole('button', { name: 'Save as view' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save these filters as a view' });
  await dialog.getByRole('button', { name: 'Save view' }).click();
  await expect(dialog.getByText('Give the view a name.')).toBeVisible();
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByRole('button', { name: 'Save view' }).click();
  await expect(dialog).toBeHidden();
  const views = page.getByRole('navigation', { name: 'Views' });
  await expect(views.getByRole('link', { name })).toHaveAttribute('aria-current', 'page');
  const saved = (await agent.get<SavedViewList>('/api/v1/me/views')).items.find((v) => v.name === name)!;
  expect(saved.filters).toMatchObject({ priority: 'high', unassigned: true, status: OPEN });

  // The same name twice is refused next to the field.
  await page.getByLabel('Kind').selectOption({ label: 'Issue' });
  await page.getByRole('button', { name: 'Save as view' }).click();
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByRole('button', { name: 'Save view' }).click();
  await expect(dialog.getByText('You already have a view with this name.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // After a reload (and from the plain queue) the view is there and brings its filters back.
  await page.goto('/console');
  await page.reload();
  await views.getByRole('link', { name }).click();
  await expect(page).toHaveURL(/priority=high/);
  await expect(page).toHaveURL(/assignee=unassigned/);
  await expect(page.getByLabel('Priority')).toHaveValue('high');
  await expect.poll(() => shownReferences(page)).toEqual(await apiReferences(agent, { status: OPEN, priority: 'high', unassigned: 'true' }));

  const renamed = `${name} (renamed)`;
  await page.getByRole('button', { name: `Rename view “${name}”` }).click();
  const rename = page.getByRole('dialog', { name: `Rename “${name}”` });
  await rename.getByLabel('Name').fill(renamed);
  await rename.getByRole('button', { name: 'Rename' }).click();
  await expect(views.getByRole('link', { name: renamed })).toHaveAttribute('aria-current', 'page');

  await page.getByRole('button', { name: `Delete view “${renamed}”` }).click();
  await page.getByRole('dialog', { name: `Delete “${renamed}”?` }).getByRole('button', { name: 'Delete view' }).click();
  await expect(views.getByRole('link', { name: renamed })).toHaveCount(0);
  expect((await agent.get<SavedViewList>('/api/v1/me/views')).items.some((v) => v.id === saved.id)).toBe(false);
});

test('j and k move the selection, Enter opens it; / searches, ? lists the shortcuts', async ({ page, api }) => {
  const agent = await api('agent');
  await openQueue(page);
  const refs = await apiReferences(agent, { status: OPEN });
  expect(refs.length).toBeGreaterThan(1);
  await expect.poll(() => shownReferences(page)).toEqual(refs);
  const rows = queueTable(page).getByRole('row').filter({ has: page.getByRole('link') });
  const link = (i: number) => rows.nth(i).getByRole('link');

  await page.keyboard.press('j');
  await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'true');
  await expect(link(0)).toBeFocused();
  await page.keyboard.press('j');
  await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'false');
  await expect(link(1)).toBeFocused();
  await page.keyboard.press('k');
  await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'true');

  // While typing in the search box, j and k are letters.
  await page.keyboard.press('/');
  const search = page.getByRole('searchbox', { name: 'Search tickets' });
  await expect(search).toBeFocused();
  await page.keyboard.type('jk');
  await expect(search).toHaveValue('jk');
  await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'true');
  await search.fill('');
  await page.keyboard.press('Escape');
  await expect(search).not.toBeFocused();

  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help).toContainText('Select the next ticket');
  await expect(help).toContainText('Open the selected ticket');
  await page.keyboard.press('j'); // no effect behind the dialog
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'true');

  await page.keyboard.press('j');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/console/tickets/${refs[1]}$`));
  await page.goBack();
  await expect(page).toHaveURL(/\/console$/);

  // Enter with the selection but the focus elsewhere (the page body) opens it too.
  await page.keyboard.press('k');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/console/tickets/${refs[0]}$`));
});

test('the queue pages by cursor: more loads as the end comes near, and by the button', async ({ page, api }) => {
  const agent = await api('agent');
  const customer = await api('customerAdmin');
  const word = `pgq${Date.now().toString(36)}`;
  for (let i = 0; i < 55; i++) {
    await customer.createTicket({ subject: `Backup ${word} check ${i + 1}`, description: `Nightly ${word} backup report number ${i + 1}.` });
  }
  await openQueue(page);
  await page.goto(`/console?q=${word}`);
  const rows = queueTable(page).getByRole('row').filter({ has: page.getByRole('link') });
  await expect(rows).toHaveCount(50);
  await expect(page.getByText('50 tickets shown, more below')).toBeVisible();
  const firstPage = await apiReferences(agent, { status: OPEN, q: word });
  expect(await shownReferences(page)).toEqual(firstPage);
  // Scrolling to the end loads the next page by itself.
  await page.getByRole('button', { name: 'Load more tickets' }).scrollIntoViewIfNeeded();
  await expect(rows).toHaveCount(55);
  await expect(page.getByText('55 tickets shown')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Load more tickets' })).toHaveCount(0);
  expect(new Set(await shownReferences(page)).size).toBe(55);

  // The button, for when scrolling is not how one gets there.
  await page.goto(`/console?q=${word}`);
  await expect(rows).toHaveCount(50);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByRole('button', { name: 'Load more tickets' }).focus();
  await page.keyboard.press('Enter');
  await expect(rows).toHaveCount(55);
});
