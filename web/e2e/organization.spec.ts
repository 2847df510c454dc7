import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { test, expect, DEMO, loginAs, screenshot, expectNoA11yViolations } from './fixtures';
import type { components } from '../src/api/schema';

type Report = components['schemas']['BillingReport'];

/** A customer admin's organisation pages: the maintenance contract and the billing report. */

function brusselsToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format(new Date());
}
function thisMonth(): { from: string; to: string } {
  const [y, m] = brusselsToday().split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const mm = String(m).padStart(2, '0');
  return { from: `${y}-${mm}-01`, to: `${y}-${mm}-${String(last).padStart(2, '0')}` };
}
/** "€127.50" / "€ 127,50" → cents. */
function cents(text: string): number {
  const digits = text.replace(/[^\d,.-]/g, '');
  const normal = /,\d{2}$/.test(digits) ? digits.replace(/\./g, '').replace(',', '.') : digits.replace(/,/g, '');
  return Math.round(Number(normal) * 100);
}
/** Parses a CSV (quotes, doubled quotes, the given separator). */
function parseCsv(text: string, sep: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === sep) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f !== ''));
}

async function totalsValue(page: Page, term: string | RegExp): Promise<string> {
  const totals = page.getByRole('region', { name: /^(Totals|Totalen)/ });
  const dt = totals.getByRole('term').filter({ hasText: term });
  return (await dt.locator('xpath=following-sibling::dd[1]').textContent()) ?? '';
}

test('a customer admin sees the contract with its period and the included subjects', async ({ page, api }) => {
  const an = await api('customerAdmin');
  const contracts = await an.get<{ items: components['schemas']['Contract'][] }>('/api/v1/contracts');
  const c = contracts.items[0]!;
  await loginAs(page, DEMO.customerAdmin, { lang: 'en' });
  // One entry in the main menu for the organisation's pages, tabs between them.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Organisation' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Maintenance contract' })).toBeVisible();
  const tabs = page.getByRole('navigation', { name: 'Your organisation' });
  await expect(tabs.getByRole('link')).toHaveText(['Contract', 'Billing', 'Users', 'Dashboard']);
  await expect(tabs.getByRole('link', { name: 'Contract' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByText(`You have a valid maintenance contract (${c.number})`)).toBeVisible();
  const card = page.getByRole('region', { name: `Contract ${c.number}` });
  await expect(card.getByText('Valid today')).toBeVisible();
  await expect(card.getByRole('definition').first()).toContainText(/\w+day, \d+ \w+ \d{4}/);
  const included = page.getByRole('region', { name: 'Included in your contract' });
  await expect(included.getByRole('listitem').filter({ hasText: 'Reporting problems / bugs' })).toContainText('Included');
  await expect(included.getByRole('listitem').filter({ hasText: 'Training' })).toContainText('Included');
  const billable = page.getByRole('region', { name: 'Not included: billed separately' });
  await expect(billable.getByRole('listitem').filter({ hasText: 'Custom work' })).toContainText('Billable');
});

test("Garage Janssens' admin is told plainly there is no contract: every intervention is billed", async ({ page }) => {
  await loginAs(page, DEMO.otherAdmin, { lang: 'en' });
  await page.goto('/organization');
  await expect(page.getByText('Garage Janssens & Zonen has no maintenance contract')).toBeVisible();
  await expect(page.getByText('Every intervention is billed separately, on a time and materials basis.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'What a maintenance contract includes' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Included with a contract' }).getByText('Billable').first()).toBeVisible();
});

test('a customer admin downloads the billing CSV for a period; its rows sum to the totals on the page', async ({ page, api }) => {
  const period = thisMonth();
  const an = await api('customerAdmin');
  const report = await an.get<Report>(`/api/v1/billing/report?organization=${an.user.organization_id}&from=${period.from}&to=${period.to}`);
  expect(report.lines.length, 'the demo data has interventions this month').toBeGreaterThan(0);

  await loginAs(page, DEMO.customerAdmin, { lang: 'en' });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Organisation' }).click();
  await page.getByRole('navigation', { name: 'Your organisation' }).getByRole('link', { name: 'Billing' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Billing report' })).toBeVisible();
  // The main menu's entry stays highlighted on every page of the organisation.
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Organisation' })).toHaveClass(/active/);
  // Default: this month.
  await expect(page.getByRole('button', { name: 'This month' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByLabel('From')).toHaveValue(period.from);
  await expect(page.getByLabel('To (included)')).toHaveValue(period.to);
  const lines = page.getByRole('table', { name: /^Interventions from/ });
  await expect(lines.getByRole('row')).toHaveCount(report.lines.length + 1);
  await expect(lines.getByRole('link', { name: report.lines[0]!.ticket_reference }).first()).toHaveAttribute('href', `/tickets/${report.lines[0]!.ticket_reference}`);

  await page.getByLabel('CSV separator').selectOption('semicolon');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
  expect(download.suggestedFilename()).toBe(`billing-bakkerij-peeters-bv-${period.from}-to-${period.to}.csv`);
  const csv = readFileSync((await download.path())!, 'utf8');
  const [header, ...rows] = parseCsv(csv, ';');
  const col = (name: string) => header!.indexOf(name);
  expect(col('amount_cents')).toBeGreaterThanOrEqual(0);
  expect(rows.length).toBe(report.lines.length);
  const sumAmount = rows.reduce((s, r) => s + Number(r[col('amount_cents')]), 0);
  const sumBilled = rows.reduce((s, r) => s + Number(r[col('rounded_minutes')]), 0);
  const sumIncluded = rows.filter((r) => r[col('classification')] === 'included').reduce((s, r) => s + Number(r[col('minutes')]), 0);

  // The totals on the page.
  const excl = await totalsValue(page, 'Amount excl. VAT');
  expect(cents(excl)).toBe(sumAmount);
  expect(sumAmount).toBe(report.totals.amount_excluding_vat_cents);
  const fmt = (m: number) => (m < 60 ? `${m} min` : m % 60 === 0 ? `${m / 60} h` : `${Math.floor(m / 60)} h ${m % 60} min`);
  expect(await totalsValue(page, 'Billed time')).toBe(fmt(sumBilled));
  expect(await totalsValue(page, 'Included time')).toBe(fmt(sumIncluded));
  expect(cents(await totalsValue(page, 'Total incl. VAT'))).toBe(report.totals.total_including_vat_cents);
});

test("the report's explanations follow the language switch", async ({ page }) => {
  await loginAs(page, DEMO.customerAdmin, { lang: 'en' });
  await page.goto('/billing');
  await expect(page.getByText(/is covered by contract MC-/).first()).toBeVisible();
  await page.getByRole('button', { name: 'Nederlands' }).click();
  await expect(page.getByText(/is inbegrepen in contract MC-/).first()).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Facturatieoverzicht' })).toBeVisible();
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByText(/is covered by contract MC-/).first()).toBeVisible();
});

test('presets and the date fields change the period; an empty period says so', async ({ page }) => {
  await loginAs(page, DEMO.customerAdmin, { lang: 'en' });
  await page.goto('/billing');
  await page.getByRole('button', { name: 'This year' }).click();
  const year = brusselsToday().slice(0, 4);
  await expect(page).toHaveURL(new RegExp(`from=${year}-01-01&to=${year}-12-31`));
  await expect(page.getByLabel('From')).toHaveValue(`${year}-01-01`);
  await page.getByLabel('From').fill('2020-03-01');
  await page.getByLabel('To (included)').fill('2020-02-01');
  await page.getByRole('button', { name: 'Show report' }).click();
  await expect(page.getByText('The last day cannot be before the first day.')).toBeVisible();
  await page.getByLabel('To (included)').fill('2020-03-31');
  await page.getByRole('button', { name: 'Show report' }).click();
  await expect(page.getByText('No interventions in this period')).toBeVisible();
  await expect(page.getByRole('button', { name: 'This year' })).toHaveAttribute('aria-pressed', 'false');
});

test('a plain customer (tom.claes) cannot open the billing or the contract, and has no such menu items', async ({ page }) => {
  await loginAs(page, DEMO.customer, { lang: 'en' });
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Knowledge base' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Billing' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Contract' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Organisation' })).toHaveCount(0);
  await page.goto('/billing');
  await expect(page.getByText("Only your organisation's administrator sees this")).toBeVisible();
  await expect(page.getByRole('button', { name: 'Download CSV' })).toHaveCount(0);
  await page.goto('/organization');
  await expect(page.getByText("Only your organisation's administrator sees this")).toBeVisible();
});

for (const lang of ['en', 'nl'] as const) {
  test(`organisation pages in ${lang}: screenshots at 1280 and 375 px, axe`, async ({ page }) => {
    for (const [who, name] of [
      [DEMO.customerAdmin, 'contract'],
      [DEMO.otherAdmin, 'contract-none'],
    ] as const) {
      await loginAs(page, who, { lang });
      for (const width of [1280, 375]) {
        await page.setViewportSize({ width, height: width === 375 ? 740 : 860 });
        await page.goto('/organization');
        await expect(page.getByRole('heading', { level: 1 })).toHaveText(lang === 'nl' ? 'Onderhoudscontract' : 'Maintenance contract');
        await expect(page.getByRole('status').first()).toBeVisible();
        await expect(page.getByRole('heading', { level: 2 }).last()).toBeVisible();
        await screenshot(page, name);
        if (width === 1280) await expectNoA11yViolations(page, `${name} (${lang})`);
        if (name === 'contract') {
          await page.goto('/billing');
          await expect(page.getByRole('table')).toBeVisible();
          await screenshot(page, 'billing');
          if (width === 1280) await expectNoA11yViolations(page, `billing (${lang})`);
          await page.goto('/billing?from=2020-01-01&to=2020-01-31');
          await expect(page.getByText(lang === 'nl' ? 'Geen interventies in deze periode' : 'No interventions in this period')).toBeVisible();
          await screenshot(page, 'billing-empty');
        }
      }
      await page.context().clearCookies();
    }
    await loginAs(page, DEMO.customer, { lang });
    await page.goto('/billing');
    await expect(page.getByText(lang === 'nl' ? 'Enkel de beheerder van uw organisatie ziet dit' : "Only your organisation's administrator sees this")).toBeVisible();
    await screenshot(page, 'billing-not-admin');
    await page.setViewportSize({ width: 1280, height: 860 });
    await screenshot(page, 'billing-not-admin');
    await expectNoA11yViolations(page, `billing, not admin (${lang})`);
  });
}
