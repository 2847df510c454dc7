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

async function visit(page: Page, path: string, heading: string | RegExp, name: string) {
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  await expect(page.getByRole('status', { name: /Loading|Bezig met laden/ })).toHaveCount(0);
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
    await expectNoA11yViolations(page, 'customer admin users');
    await screenshot(page, 'admin-my-users');
    // The staff admin screens are not theirs.
    await page.goto('/admin/organizations');
    await expect(page).not.toHaveURL(/\/admin\//);
  }
});
