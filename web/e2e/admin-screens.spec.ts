import type { Page } from '@playwright/test';
import { test, expect, apiLogin, DEMO, loginAs, screenshot, expectNoA11yViolations, type ApiClient } from './fixtures';
import type { components } from '../src/api/schema';

/**
 * Every admin screen in both languages, at 1280 and 375 px: it loads the demo data, axe finds
 * no serious or critical violation, and a screenshot goes to e2e/screenshots/admin-*.
 */

type S = components['schemas'];
type Lang = 'nl' | 'en';

test.afterAll(async () => {
  for (const who of [DEMO.admin, DEMO.customerAdmin]) {
    const c = await apiLogin(who);
    await c.setLanguage(who === DEMO.admin ? 'en' : 'nl');
    await c.ctx.dispose();
  }
});

async function peeters(admin: ApiClient): Promise<S['Organization']> {
  const page = await admin.get<S['OrganizationPage']>('/api/v1/organizations?q=peeters');
  const org = page.items[0];
  if (!org) throw new Error('no demo organisation Bakkerij Peeters');
  return org;
}

const WORDS = {
  en: { orgs: 'Organisations', users: 'Users', coverage: 'Coverage table', schedules: 'Schedules and SLA', contracts: 'Maintenance contracts' },
  nl: { orgs: 'Organisaties', users: 'Gebruikers', coverage: 'Dekkingstabel', schedules: 'Uren en SLA', contracts: 'Onderhoudscontracten' },
} as const;

/** Nothing sticks out sideways: the page is no wider than the window (375 px on a phone). */
async function expectFits(page: Page, what: string) {
  const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(scroll, `${what} is ${scroll} px wide in a ${width} px window`).toBeLessThanOrEqual(width);
}

async function visit(page: Page, path: string, heading: string | RegExp, name: string) {
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  await expect(page.getByRole('status', { name: /Loading|Bezig met laden/ })).toHaveCount(0);
  await expectFits(page, path);
  await expectNoA11yViolations(page, path);
  await screenshot(page, name);
}

for (const lang of ['en', 'nl'] as const satisfies readonly Lang[]) {
  for (const width of [1280, 375]) {
    test(`admin screens in ${lang} at ${width} px`, async ({ page, api }) => {
      const admin = await api('admin');
      const org = await peeters(admin);
      const w = WORDS[lang];
      await page.setViewportSize({ width, height: width > 500 ? 900 : 800 });
      await loginAs(page, DEMO.admin, { lang });

      await visit(page, '/admin/organizations', w.orgs, 'admin-organizations');
      await expect(page.getByRole('link', { name: org.name })).toBeVisible();

      await page.goto(`/admin/organizations/${org.id}`);
      await expect(page.getByRole('heading', { level: 1, name: org.name })).toBeVisible();
      await expect(page.getByRole('heading', { name: w.contracts })).toBeVisible();
      await expect(page.getByText(DEMO.customerAdmin)).toBeVisible();
      await expectFits(page, 'organisation page');
      await expectNoA11yViolations(page, 'organisation page');
      await screenshot(page, 'admin-organization');

      await visit(page, '/admin/users', w.users, 'admin-users');
      await expect(page.getByText(DEMO.agent)).toBeVisible();

      await visit(page, '/admin/coverage', w.coverage, 'admin-coverage');
      await visit(page, '/admin/schedules', w.schedules, 'admin-schedules');
      await expect(page.getByRole('button', { name: new RegExp(lang === 'en' ? 'Christmas closure' : 'kerstsluiting', 'i') }).first()).toBeVisible();
    });
  }
}

test('a customer admin manages the users of their own organisation only', async ({ page, api }) => {
  const an = await api('customerAdmin');
  const admin = await api('admin');
  const org = await peeters(admin);
  // The API gives a customer admin only their own organisation's users: another one's is "not found".
  const other = await admin.get<S['OrganizationPage']>('/api/v1/organizations?q=janssens');
  await expect(an.get(`/api/v1/users?organization=${other.items[0]!.id}`)).rejects.toMatchObject({ status: 404 });
  const own = await an.get<S['UserPage']>('/api/v1/users');
  expect(own.items.length).toBeGreaterThan(0);
  expect(own.items.every((u) => u.organization_id === org.id)).toBe(true);

  for (const [lang, width] of [['nl', 1280], ['en', 375]] as const) {
    await page.context().clearCookies();
    await page.setViewportSize({ width, height: 800 });
    await loginAs(page, DEMO.customerAdmin, { lang });
    await page.goto('/organization/users');
    await expect(page.getByRole('heading', { level: 1, name: WORDS[lang].users })).toBeVisible();
    await expect(page.getByText(DEMO.customer)).toBeVisible();
    await expect(page.getByText(DEMO.otherCustomer)).toHaveCount(0);
    await expect(page.getByText(DEMO.agent)).toHaveCount(0);
    await expectFits(page, 'customer admin users');
    await expectNoA11yViolations(page, 'customer admin users');
    // They invite only into their organisation, and only with the customer roles.
    await page.getByRole('button', { name: lang === 'nl' ? 'Gebruiker uitnodigen' : 'Invite a user' }).click();
    const dialog = page.getByRole('dialog', { name: lang === 'nl' ? 'Gebruiker uitnodigen' : 'Invite a user' });
    await expect(dialog.getByLabel(lang === 'nl' ? 'Rol' : 'Role').locator('option')).toHaveText(
      lang === 'nl' ? ['Klant', 'Beheerder van de klant'] : ['Customer', 'Customer administrator'],
    );
    await dialog.getByRole('button', { name: lang === 'nl' ? 'Annuleren' : 'Cancel' }).click();
    await screenshot(page, 'admin-my-users');
    // The staff admin screens are not theirs.
    await page.goto('/admin/organizations');
    await expect(page).not.toHaveURL(/\/admin\//);
  }
});

test('the organisation list pages with a cursor and searches; an organisation without users is deleted', async ({ page, api }) => {
  const admin = await api('admin');
  const tag = `Paging ${Date.now().toString(36)}`;
  const made: S['Organization'][] = [];
  for (let i = 0; i < 27; i++) made.push(await admin.post<S['Organization']>('/api/v1/organizations', { name: `${tag} ${String(i).padStart(2, '0')}` }));
  try {
    await loginAs(page, DEMO.admin, { lang: 'en' });
    await page.goto('/admin/organizations');
    await page.getByRole('searchbox', { name: 'Search organisations' }).fill(tag);
    const table = page.getByRole('table', { name: 'Organisations by name' });
    const rows = table.getByRole('row').filter({ hasText: tag });
    await expect(rows).toHaveCount(25);
    await page.getByRole('button', { name: 'Show more' }).click();
    await expect(rows).toHaveCount(27);
    await expect(page.getByRole('button', { name: 'Show more' })).toHaveCount(0);
    await expect(rows.last()).toContainText(`${tag} 26`);
    await page.getByRole('searchbox', { name: 'Search organisations' }).fill(`${tag} 26 nothing`);
    await expect(page.getByText(`No organisation matches “${tag} 26 nothing”`)).toBeVisible();

    // Delete one (it has no users and no contracts).
    await page.getByRole('searchbox', { name: 'Search organisations' }).fill(`${tag} 00`);
    await page.getByRole('link', { name: `${tag} 00` }).click();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete this organisation?' });
    await confirm.getByRole('button', { name: 'Delete the organisation' }).click();
    await expect(page).toHaveURL(/\/admin\/organizations$/);
    await expect(admin.get(`/api/v1/organizations/${made[0]!.id}`)).rejects.toMatchObject({ status: 404 });
    made.shift();
  } finally {
    for (const o of made) await admin.delete(`/api/v1/organizations/${o.id}`).catch(() => undefined);
  }
});

test('an organisation with users is not deleted: the refusal says why', async ({ page, api }) => {
  const admin = await api('admin');
  const org = await peeters(admin);
  await loginAs(page, DEMO.admin, { lang: 'en' });
  await page.goto(`/admin/organizations/${org.id}`);
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete this organisation?' });
  await confirm.getByRole('button', { name: 'Delete the organisation' }).click();
  await expect(confirm.getByRole('alert')).toContainText('deactivate them instead');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  expect((await admin.get<S['Organization']>(`/api/v1/organizations/${org.id}`)).name).toBe(org.name);
});
