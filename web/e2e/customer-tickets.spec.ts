import { readFileSync } from 'node:fs';
import { test, expect, DEMO, loginAs, unique } from './fixtures';

/**
 * The customer's journey with one question, from filing it to its appointment, and a
 * customer of another organisation who must not see it.
 */
test.describe.configure({ mode: 'serial' });

let reference = '';
const subject = unique('Invoice print shows wrong VAT');

test('a customer files a question with an attachment and sees its reference at once', async ({ page }) => {
  await loginAs(page, DEMO.customer, { lang: 'en' });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New question' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Ask a new question' })).toBeVisible();

  await page.getByLabel('Subject').fill(subject);
  await page.getByLabel('Your question').fill('Since this morning the invoice print shows 6% VAT instead of 21%. Error code F-17.');
  await page.getByRole('radio', { name: 'Urgent', exact: true }).check();
  await page.getByLabel(/What is it about\?/).selectOption({ index: 1 });
  await page.getByLabel(/^Attachments/).setInputFiles({
    name: 'invoice-2026-118.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('Invoice 2026-118\nVAT 6%\n'),
  });
  await expect(page.getByText('invoice-2026-118.txt')).toBeVisible();
  await page.getByRole('button', { name: 'Send my question' }).click();

  await expect(page.getByRole('heading', { level: 1, name: /your question is logged/ })).toBeVisible();
  const ref = page.getByLabel('Your reference number');
  await expect(ref).toHaveText(/^\d{4}-\d{6}$/);
  reference = (await ref.textContent())!.trim();
  await expect(page.getByText('1 file added.')).toBeVisible();
  await expect(page.getByText(/always by appointment/)).toBeVisible();
  // Bakkerij Peeters has a maintenance contract: the answer names it.
  await expect(page.getByText(/Your maintenance contract .* (covers|does not include)/)).toBeVisible();
});

test('the customer opens it again by its reference and sees the question with its file', async ({ page }) => {
  await loginAs(page, DEMO.customer, { lang: 'en' });
  await expect(page.getByRole('heading', { level: 1, name: 'My tickets' })).toBeVisible();
  await expect(page.getByRole('link', { name: subject })).toBeVisible();
  await page.getByLabel('Reference number').fill(reference);
  await page.getByRole('button', { name: 'Open ticket' }).click();
  await expect(page).toHaveURL(new RegExp(`/tickets/${reference}$`));
  await expect(page.getByRole('heading', { level: 1, name: subject })).toBeVisible();
  await expect(page.getByText('We have received your question and will look at it soon.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Download invoice-2026-118.txt' })).toBeVisible();
});

test('a reference of another organisation is "not found" in the lookup', async ({ page, api }) => {
  const lisa = await api('otherAdmin');
  const theirs = await lisa.createTicket({ subject: unique('Garage question'), description: 'Ours only' });
  await loginAs(page, DEMO.customer, { lang: 'en' });
  await page.getByLabel('Reference number').fill(theirs.reference);
  await page.getByRole('button', { name: 'Open ticket' }).click();
  await expect(page.getByText('No ticket with this reference.', { exact: false })).toBeVisible();
  await page.getByLabel('Reference number').fill('2026-12');
  await page.getByRole('button', { name: 'Open ticket' }).click();
  await expect(page.getByText(/A reference looks like 2026-000123/)).toBeVisible();
});

test('the customer replies with a file', async ({ page }) => {
  await loginAs(page, DEMO.customer, { lang: 'en', next: `/tickets/${reference}` });
  await expect(page.getByRole('heading', { level: 1, name: subject })).toBeVisible();
  await page.getByLabel('Your reply').fill('Here is a photo of the printed invoice.');
  await page.getByLabel(/^Add files/).setInputFiles({ name: 'photo-notes.txt', mimeType: 'text/plain', buffer: Buffer.from('photo notes') });
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByText('Your reply is sent.')).toBeVisible();
  const thread = page.getByRole('list').filter({ hasText: 'Here is a photo of the printed invoice.' });
  await expect(thread.getByRole('article', { name: /^Tom Claes \(you\),/ })).toBeVisible();
  await expect(thread.getByRole('button', { name: 'Download photo-notes.txt' })).toBeVisible();
});

test("the customer sees an agent's public reply but never an internal note", async ({ page, api }) => {
  const agent = await api('agent');
  await agent.reply(reference, 'Thank you. We found the VAT table of December; please check the print again.');
  await agent.internalNote(reference, 'INTERNAL: customer changed the VAT table themselves, bill this.');
  await loginAs(page, DEMO.customer, { lang: 'en', next: `/tickets/${reference}` });
  await expect(page.getByText('We found the VAT table of December', { exact: false })).toBeVisible();
  const staffReply = page.getByRole('article', { name: new RegExp(`^${agent.user.display_name},`) });
  await expect(staffReply).toBeVisible();
  await expect(staffReply.getByText('Support desk', { exact: true })).toBeVisible();
  await expect(page.getByText('INTERNAL:', { exact: false })).toHaveCount(0);
});

test('the customer accepts an appointment and downloads its .ics', async ({ page, api }) => {
  const agent = await api('agent');
  await agent.bookAppointment(reference, { mode: 'remote', note: 'We connect remotely to check the VAT table' });
  await loginAs(page, DEMO.customer, { lang: 'en', next: `/tickets/${reference}` });
  const appts = page.getByRole('region', { name: 'Appointments' });
  await expect(appts.getByText('Proposed — please accept')).toBeVisible();
  await expect(appts.getByText('Remotely (we connect to your computer)')).toBeVisible();
  await expect(appts.getByText(agent.user.display_name, { exact: true }).first()).toBeVisible();
  await appts.getByRole('button', { name: 'Accept this appointment' }).click();
  await expect(appts.getByText('Thank you: the appointment is accepted.')).toBeVisible();
  await expect(appts.getByText('Accepted', { exact: true })).toBeVisible();

  const [download] = await Promise.all([page.waitForEvent('download'), appts.getByRole('button', { name: 'Add to calendar (.ics)' }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.ics$/);
  const ics = readFileSync((await download.path())!, 'utf8');
  expect(ics).toContain('BEGIN:VCALENDAR');
  expect(ics).toContain('BEGIN:VEVENT');
});

test('the customer asks to move an appointment, with a reason', async ({ page, api }) => {
  const agent = await api('agent');
  await agent.bookAppointment(reference, { mode: 'on_site', note: 'On site: check the printer' });
  await loginAs(page, DEMO.customer, { lang: 'en', next: `/tickets/${reference}` });
  const proposed = page.getByRole('region', { name: 'Upcoming appointment' }).filter({ hasText: 'Proposed — please accept' });
  await proposed.getByRole('button', { name: 'Ask to move' }).click();
  const dialog = page.getByRole('dialog', { name: 'Ask for another time' });
  await dialog.getByRole('button', { name: 'Send request' }).click();
  await expect(dialog.getByText('Tell us why, or which times suit you.')).toBeVisible();
  await dialog.getByLabel(/Why, or which times suit you better/).fill('Mornings suit us better; we bake in the afternoon.');
  await dialog.getByRole('button', { name: 'Send request' }).click();
  await expect(page.getByText('Your request is sent; we propose another time.')).toBeVisible();
  await expect(page.getByText('You asked to move it')).toBeVisible();
});

test('a customer of another organisation opening the URL sees that the ticket does not exist', async ({ page }) => {
  await loginAs(page, DEMO.otherCustomer, { lang: 'en' });
  await page.goto(`/tickets/${reference}`);
  await expect(page.getByRole('heading', { level: 1, name: 'This ticket does not exist' })).toBeVisible();
  await expect(page.getByText(subject)).toHaveCount(0);
});

test('a customer without a contract is told the question is billed separately', async ({ page }) => {
  await loginAs(page, DEMO.otherAdmin, { lang: 'en' });
  await page.goto('/tickets/new');
  await page.getByLabel('Subject').fill(unique('New report layout'));
  await page.getByLabel('Your question').fill('We would like a new layout for the delivery note.');
  await page.getByRole('button', { name: 'Send my question' }).click();
  await expect(page.getByLabel('Your reference number')).toHaveText(/^\d{4}-\d{6}$/);
  await expect(page.getByText('Your organisation has no maintenance contract', { exact: false })).toBeVisible();
});

test('a customer admin sees the organisation’s tickets and who asked them', async ({ page }) => {
  await loginAs(page, DEMO.customerAdmin, { lang: 'en' });
  await expect(page.getByRole('heading', { level: 1, name: /Tickets of|Your organisation's tickets/ })).toBeVisible();
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: subject }) });
  await expect(row).toBeVisible();
  await expect(row.getByText('Tom Claes')).toBeVisible();
});

test('My tickets filters open/closed and searches', async ({ page }) => {
  await loginAs(page, DEMO.customer, { lang: 'en' });
  await expect(page.getByRole('link', { name: subject })).toBeVisible();
  await page.getByRole('button', { name: 'Closed', exact: true }).click();
  await expect(page.getByRole('link', { name: subject })).toHaveCount(0);
  await page.getByRole('button', { name: 'All', exact: true }).click();
  await expect(page.getByRole('link', { name: subject })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search in your tickets' }).fill('zzzznothinglikethis');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page.getByText('Nothing found for “zzzznothinglikethis”')).toBeVisible();
});

test('My tickets pages with the cursor: "Load more" shows the next page, never all at once', async ({ page, api }) => {
  const pieter = await api('otherCustomer');
  const mine = await pieter.get<{ items: unknown[]; next_cursor?: string | null }>('/api/v1/tickets?limit=200');
  for (let i = mine.items.length; i < 27; i++) {
    await pieter.createTicket({ subject: `Paging question ${i + 1}`, description: 'To fill more than one page.' });
  }
  await loginAs(page, DEMO.otherCustomer, { lang: 'en' });
  const rows = page.getByRole('table').getByRole('row');
  await expect(rows).toHaveCount(26); // header + 25
  await expect(page.getByText('25 tickets shown')).toBeVisible();
  await page.getByRole('button', { name: 'Load more tickets' }).click();
  await expect(page.getByText(/^(2[6-9]|[3-9]\d) tickets shown$/)).toBeVisible();
  expect(await rows.count()).toBeGreaterThan(26);
});

test('the customer changes the urgency; too large files are refused next to the file field', async ({ page }) => {
  await loginAs(page, DEMO.customer, { lang: 'en', next: `/tickets/${reference}` });
  await expect(page.getByRole('heading', { level: 1, name: subject })).toBeVisible();
  await page.getByLabel('Change urgency').selectOption({ label: 'Very urgent — work is stopped' });
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('The urgency is saved.')).toBeVisible();
  const details = page.getByRole('region', { name: 'Details' });
  await expect(details.getByText('Very urgent — work is stopped').first()).toBeVisible();

  await page.getByLabel(/^Add files/).setInputFiles({ name: 'huge.txt', mimeType: 'text/plain', buffer: Buffer.alloc(11 * 1024 * 1024, 97) });
  await expect(page.getByText('These files are too large together. The limit is 10 MB per upload.')).toBeVisible();
  await expect(page.getByLabel(/^Add files/)).toHaveAttribute('aria-invalid', 'true');
});
