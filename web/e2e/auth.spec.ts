import { test, expect, DEMO, PASSWORD, apiLogin, baseUrl, loginAs, screenshot } from './fixtures';
import { request } from '@playwright/test';

test('a wrong password shows its message', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('E-mail address').fill(DEMO.customer);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert')).toContainText('The e-mail address or the password is not right.');
  await expect(page).toHaveURL(/\/login/);
  await screenshot(page, 'login-wrong-password');
});

test('the login form checks its fields before sending', async ({ page }) => {
  await page.goto('/login');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByText('Enter your e-mail address.')).toBeVisible();
  await expect(page.getByText('Enter your password.')).toBeVisible();
  await expect(page.getByLabel('E-mail address')).toHaveAttribute('aria-invalid', 'true');
});

test('a locked-out login shows the wait time', async ({ page }) => {
  // An address of its own, so no other test is locked out; unknown addresses count too.
  const email = 'locked.out@bakkerij-peeters.example';
  const ctx = await request.newContext({ baseURL: baseUrl() });
  for (let i = 0; i < 5; i++) {
    const r = await ctx.post('/api/v1/auth/login', { data: { email, password: `wrong-${i}` } });
    expect([401, 429]).toContain(r.status());
  }
  await ctx.dispose();
  await page.goto('/login');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill('wrong-again');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert')).toContainText(/Too many failed attempts\. Try again in \d+ minutes?\./);
  await screenshot(page, 'login-locked');
});

test('the language switch shows Dutch labels, and is remembered', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByLabel('E-mail address')).toBeVisible();
  await page.getByRole('button', { name: 'Nederlands' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Aanmelden' })).toBeVisible();
  await expect(page.getByLabel('E-mailadres')).toBeVisible();
  await expect(page.getByLabel('Wachtwoord')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  await page.reload();
  await expect(page.getByLabel('E-mailadres')).toBeVisible();
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByLabel('E-mail address')).toBeVisible();
});

test('after login the profile language wins, and switching saves it to the profile', async ({ page, api }) => {
  await loginAs(page, DEMO.customer, { lang: 'nl' });
  await expect(page.getByRole('heading', { level: 1, name: 'Mijn tickets' })).toBeVisible();
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My tickets' })).toBeVisible();
  const tom = await api('customer');
  await expect.poll(async () => (await tom.get<{ language: string }>('/api/v1/me')).language).toBe('en');
  await page.getByRole('button', { name: 'Nederlands' }).click();
  await expect(page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Nieuwe vraag' })).toBeVisible();
  await expect.poll(async () => (await tom.get<{ language: string }>('/api/v1/me')).language).toBe('nl');
});

test('a reload keeps the login (refresh cookie), log out ends it', async ({ page }) => {
  await loginAs(page, DEMO.customer, { lang: 'en' });
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'My tickets' })).toBeVisible();
  const cookies = await page.context().cookies();
  const refresh = cookies.find((c) => c.name === 'loket_refresh');
  expect(refresh?.httpOnly).toBe(true);
  expect(refresh?.sameSite).toBe('Strict');
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Log in' })).toBeVisible();
  await page.goto('/tickets');
  await expect(page).toHaveURL(/\/login\?next=%2Ftickets$/);
});

/**
 * The next test deactivates Pieter for a moment. Whatever becomes of it (a timeout on a busy
 * machine skips its `finally`), he is active again before any other test needs him.
 */
test.afterEach(async () => {
  const admin = await apiLogin(DEMO.admin);
  try {
    const pieter = await admin.userByEmail(DEMO.otherCustomer);
    if (!pieter.active) await admin.patch(`/api/v1/users/${pieter.id}`, { active: true });
  } finally {
    await admin.ctx.dispose();
  }
});

test('an ended login sends the user to /login and back to the page after logging in', async ({ page, api }) => {
  const admin = await api('admin');
  const pieter = await admin.userByEmail(DEMO.otherCustomer);
  // Without its live stream: the stream would notice the ended login by itself and send the
  // user to /login before the click below (which then waits for a link that is gone). Here
  // the next API call a navigation makes finds out.
  await page.route('**/api/v1/events/stream', (route) => route.abort());
  // The page's own first load must be answered before the login ends: a list request still
  // under way would meet the ended login itself and send the user to /login before the click.
  const listLoaded = page.waitForResponse((r) => r.url().includes('/api/v1/tickets?') && r.status() === 200);
  await loginAs(page, DEMO.otherCustomer, { lang: 'en' });
  await expect(page.getByRole('heading', { level: 1, name: 'My tickets' })).toBeVisible();
  await listLoaded;
  // The login ends behind the user's back: the account is deactivated (tokens stop working).
  await admin.patch(`/api/v1/users/${pieter.id}`, { active: false });
  try {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New question' }).click();
    await expect(page).toHaveURL(/\/login\?next=%2Ftickets%2Fnew$/);
    await expect(page.getByText('Your login has ended.', { exact: false })).toBeVisible();
  } finally {
    await admin.patch(`/api/v1/users/${pieter.id}`, { active: true });
  }
  await page.getByLabel('E-mail address').fill(DEMO.otherCustomer);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/tickets\/new$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Ask a new question' })).toBeVisible();
});

test('a deep link when logged out goes to the page after logging in', async ({ page }) => {
  await page.goto('/tickets/new');
  await expect(page).toHaveURL(/\/login\?next=%2Ftickets%2Fnew$/);
  await page.getByLabel('E-mail address').fill(DEMO.customer);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/tickets\/new$/);
});

test('staff land on the queue', async ({ page }) => {
  const c = await apiLogin(DEMO.agent);
  await c.setLanguage('en');
  await c.ctx.dispose();
  await loginAs(page, DEMO.agent);
  await expect(page).toHaveURL(/\/console$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Queue' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Tickets in the queue' })).toBeVisible();
});

test('the phone menu opens with a button and holds the navigation', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await loginAs(page, DEMO.customer, { lang: 'en' });
  // Landed (after the redirect from /): a navigation after the menu opened would close it.
  await expect(page.getByRole('heading', { level: 1, name: 'My tickets' })).toBeVisible();
  const menu = page.getByRole('button', { name: 'Menu' });
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await menu.click();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await page.getByRole('navigation', { name: 'Main (menu)' }).getByRole('link', { name: 'New question' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Ask a new question' })).toBeVisible();
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
});
