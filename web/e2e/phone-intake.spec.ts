import type { Page } from '@playwright/test';
import { test, expect, apiLogin, DEMO, loginAs, screenshot, expectNoA11yViolations, unique } from './fixtures';
import type { components } from '../src/api/schema';

/**
 * Phone intake: the agent finds the caller by typing part of a name, an e-mail address or an
 * organisation (a keyboard-driven combobox), logs the call as a ticket with channel phone and
 * lands on it; the page says whether the phone line is open now and when it opens next.
 */

type S = components['schemas'];

test.afterAll(async () => {
  // Leave jan's profile language as the other specs expect it.
  const c = await apiLogin(DEMO.agent);
  await c.setLanguage('en');
  await c.ctx.dispose();
});

async function openIntake(page: Page, lang: 'nl' | 'en' = 'en') {
  // A fresh login each time (the refresh cookie would otherwise keep the previous one).
  await page.context().clearCookies();
  await page.setViewportSize({ width: 1280, height: 900 });
  await loginAs(page, DEMO.agent, { lang });
  // Through the navigation, as an agent gets there.
  await page.getByRole('navigation', { name: lang === 'en' ? 'Main' : 'Hoofdmenu' }).getByRole('link', { name: lang === 'en' ? 'Phone call' : 'Telefoongesprek' }).click();
  await expect(page).toHaveURL(/\/console\/phone$/);
  await expect(page.getByRole('heading', { level: 1, name: lang === 'en' ? 'Log a phone call' : 'Telefoontje registreren' })).toBeVisible();
}

test('an agent logs a call for a customer found by typing part of the name, with the keyboard; it is created with channel phone', async ({ page, api }) => {
  const jan = await api('agent');
  const tom = await jan.userByEmail(DEMO.customer);
  await openIntake(page);

  const combo = page.getByRole('combobox', { name: 'Customer' });
  await combo.fill('cla');
  const list = page.getByRole('listbox', { name: 'Matching customers' });
  const option = list.getByRole('option', { name: /Tom Claes/ });
  await expect(option).toBeVisible();
  await expect(option).toContainText(DEMO.customer);
  await expect(option).toContainText('Bakkerij Peeters');
  await expect(combo).toHaveAttribute('aria-expanded', 'true');
  await expectNoA11yViolations(page, 'phone intake with suggestions');

  // ↓ makes the first option active (aria-activedescendant), Enter picks it.
  await combo.press('ArrowDown');
  const active = await combo.getAttribute('aria-activedescendant');
  expect(active).toBeTruthy();
  await expect(list.getByRole('option', { selected: true })).toHaveAttribute('id', active!);
  await expect(list.getByRole('option', { selected: true })).toContainText('Tom Claes');
  await combo.press('Enter');
  const customer = page.getByRole('region', { name: 'Customer' });
  await expect(customer).toContainText('Tom Claes');

  const subject = unique('Telefonisch: kassa geeft foutcode E42');
  await page.getByLabel('Subject').fill(subject);
  await page.getByLabel('What the customer said').fill('Tom belt: de kassa toont foutcode E42 bij het openen van de lade.');
  await page.getByRole('radio', { name: 'High' }).check();
  await expect(page.getByText(/Resulting priority:/)).toBeVisible();
  await page.getByRole('button', { name: 'Log the call' }).click();

  await expect(page).toHaveURL(/\/console\/tickets\/\d{4}-\d{6}$/);
  const reference = page.url().split('/').pop()!;
  await expect(page.getByRole('heading', { level: 1, name: subject })).toBeVisible();
  await expect(page.getByText(/via Phone/)).toBeVisible();
  const ticket = await jan.get<S['TicketDetail']>(`/api/v1/tickets/${reference}`);
  expect(ticket).toMatchObject({ subject, channel: 'phone', requester_id: tom.id, created_by: jan.user.id, impact: 'high' });
});

test('a call logged by picking the organisation, then who of it called', async ({ page, api }) => {
  const jan = await api('agent');
  const pieter = await jan.userByEmail(DEMO.otherCustomer);
  await openIntake(page);
  await page.getByRole('combobox', { name: 'Customer' }).fill('garage jan');
  const org = page.getByRole('listbox').getByRole('group', { name: 'Organisations' }).getByRole('option', { name: /Garage Janssens/ });
  await org.click();
  const who = page.getByRole('group', { name: /Who of Garage Janssens .* called\?/ });
  await who.getByRole('radio', { name: /Pieter Maes/ }).check();
  const subject = unique('Phone: invoice run stops halfway');
  await page.getByLabel('Subject').fill(subject);
  await page.getByLabel('What the customer said').fill('Pieter calls: the monthly invoice run stops at customer 120.');
  await page.getByRole('button', { name: 'Log the call' }).click();
  await expect(page).toHaveURL(/\/console\/tickets\/\d{4}-\d{6}$/);
  const ticket = await jan.get<S['TicketDetail']>(`/api/v1/tickets/${page.url().split('/').pop()!}`);
  expect(ticket).toMatchObject({ subject, channel: 'phone', requester_id: pieter.id });
});

test('without a customer the call is not logged, and the field says why', async ({ page }) => {
  await openIntake(page);
  await page.getByLabel('Subject').fill('No one');
  await page.getByLabel('What the customer said').fill('Nobody picked.');
  await page.getByRole('button', { name: 'Log the call' }).click();
  await expect(page.getByRole('combobox', { name: 'Customer' })).toHaveAccessibleDescription(/Pick the customer who called\./);
  await expect(page).toHaveURL(/\/console\/phone$/);
});

test('the page says whether the phone line is open now, as the API says, and when it opens next', async ({ page, api }) => {
  const jan = await api('agent');
  const { items } = await jan.get<S['ScheduleList']>('/api/v1/schedules');
  const phone = items.find((s) => s.code === 'phone')!;
  const status = await jan.get<S['ScheduleStatus']>(`/api/v1/schedules/${phone.code}/status`);
  await openIntake(page);
  const card = page.getByRole('region', { name: 'Phone line' });
  await expect(card.getByText(status.open ? 'The phone line is open now' : 'The phone line is closed now')).toBeVisible();
  await expect(card.getByText(status.open ? /^Open until / : /^Opens again /)).toBeVisible();
  await expect(card).toContainText('Friday');

  // At any hour: hand the page a closed answer of the API (an instant on a Friday afternoon).
  const friday = '2027-01-08T13:30:00+01:00';
  const res = await jan.ctx.get(`/api/v1/schedules/phone/status?at=${encodeURIComponent(friday)}`, {
    headers: { Authorization: `Bearer ${jan.token}`, 'Accept-Language': 'en' },
  });
  const closed = (await res.json()) as S['ScheduleStatus'];
  expect(closed.open).toBe(false);
  await page.route('**/api/v1/schedules/phone/status*', (route) => route.fulfill({ json: closed }));
  await page.reload();
  await expect(card.getByText('The phone line is closed now')).toBeVisible();
  await expect(card).toContainText(closed.reason!.message);
  // Friday afternoon: the line opens again on Monday morning.
  await expect(card.getByText(/^Opens again on Monday,? 11 January 2027 at 09:00 \(in 3 days\)\.$/)).toBeVisible();
});

test('screenshots of the phone intake, nl and en, wide and phone', async ({ page }) => {
  for (const lang of ['en', 'nl'] as const) {
    await openIntake(page, lang);
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      const combo = page.getByRole('combobox');
      await combo.fill('peeters');
      await expect(page.getByRole('option').first()).toBeVisible();
      await expectNoA11yViolations(page, `phone intake with suggestions ${lang} ${width}`);
      // Pick someone: the screenshot shows the picked caller (it takes focus away, closing the list).
      await combo.press('ArrowDown');
      await combo.press('Enter');
      await expect(page.getByRole('button', { name: lang === 'en' ? 'Change customer' : 'Andere klant' })).toBeVisible();
      await screenshot(page, 'console-phone-intake');
      await page.getByRole('button', { name: lang === 'en' ? 'Change customer' : 'Andere klant' }).click();
    }
  }
});
