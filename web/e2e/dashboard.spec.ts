import { readFileSync } from 'node:fs';
import { test, expect, apiLogin, DEMO, loginAs, screenshot, expectNoA11yViolations, type ApiClient } from './fixtures';
import type { Locator, Page } from '@playwright/test';
import type { components } from '../src/api/schema';

/**
 * The dashboard against the reports API on the demo data: every figure the page shows in its
 * table view is the API's (read here, in the same period, as the same user); the period
 * lives in the address; staff can narrow to one organisation; a customer admin sees their
 * own organisation's figures only; each card's CSV is the API's CSV.
 */

type S = components['schemas'];

test.afterAll(async () => {
  for (const who of [DEMO.admin, DEMO.customerAdmin]) {
    const c = await apiLogin(who);
    await c.setLanguage(who === DEMO.admin ? 'en' : 'nl');
    await c.ctx.dispose();
  }
});

const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
const [year, month] = today.split('-').map(Number) as [number, number];
const iso = (y: number, m0: number, d: number) => new Date(Date.UTC(y, m0, d)).toISOString().slice(0, 10);
const thisMonth = { from: iso(year, month - 1, 1), to: iso(year, month, 0) };
const last3Months = { from: iso(year, month - 3, 1), to: iso(year, month, 0) };

const loc = (lang: 'nl' | 'en') => (lang === 'nl' ? 'nl-BE' : 'en-GB');
const count = (n: number, lang: 'nl' | 'en') => new Intl.NumberFormat(loc(lang), { maximumFractionDigits: 0 }).format(n);
const euro = (cents: number, lang: 'nl' | 'en') => new Intl.NumberFormat(loc(lang), { style: 'currency', currency: 'EUR' }).format(cents / 100);
const monthName = (m: string, lang: 'nl' | 'en') => {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(loc(lang), { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, mo - 1, 15)));
};
function minutes(total: number, lang: 'nl' | 'en'): string {
  const v = Math.round(total);
  const h = Math.floor(v / 60);
  const m = v % 60;
  const u = lang === 'nl' ? 'u' : 'h';
  if (h === 0) return `${count(m, lang)} min`;
  if (m === 0) return `${count(h, lang)} ${u}`;
  return `${count(h, lang)} ${u} ${String(m).padStart(2, '0')} min`;
}
/** Text as the browser renders it: Intl's narrow/normal no-break spaces become plain spaces. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ').trim();

interface Reports {
  backlog: S['BacklogReport'];
  sla: S['SlaReport'];
  billing: S['BillingSummaryReport'];
  tickets: S['TicketsReport'];
  firstResponse: S['FirstResponseReport'];
}

async function reports(c: ApiClient, p: { from: string; to: string }, org?: string): Promise<Reports> {
  const q = `from=${p.from}&to=${p.to}${org ? `&organization_id=${org}` : ''}`;
  const [backlog, sla, billing, tickets, firstResponse] = await Promise.all([
    c.get<S['BacklogReport']>(`/api/v1/reports/backlog${org ? `?organization_id=${org}` : ''}`),
    c.get<S['SlaReport']>(`/api/v1/reports/sla?${q}`),
    c.get<S['BillingSummaryReport']>(`/api/v1/reports/billing?${q}`),
    c.get<S['TicketsReport']>(`/api/v1/reports/tickets?${q}`),
    c.get<S['FirstResponseReport']>(`/api/v1/reports/first-response?${q}`),
  ]);
  return { backlog, sla, billing, tickets, firstResponse };
}

function card(page: Page, title: string): Locator {
  return page.getByRole('region', { name: title, exact: true });
}

/** Shows a card's table and answers it. */
async function tableOf(page: Page, [title, caption]: readonly [string, string]): Promise<Locator> {
  const c = card(page, title);
  await c.getByRole('button', { name: /^(Table|Tabel)$/ }).click();
  const table = c.getByRole('table', { name: caption });
  await expect(table).toBeVisible();
  return table;
}

/** The cells (not the row header) of the row whose header is `head`. */
async function rowCells(table: Locator, head: string): Promise<string[]> {
  const row = table.getByRole('row').filter({ has: table.page().getByRole('rowheader', { name: head, exact: true }) });
  await expect(row).toHaveCount(1);
  return (await row.getByRole('cell').allTextContents()).map(plain);
}

const EN = {
  backlog: ['Open backlog', 'Open tickets now by kind (rows) and priority (columns)'],
  sla: ['SLA compliance per week', 'SLA targets met and missed per ISO week of the tickets created in the period'],
  months: ['Included and billable time per month', 'Included and billable time and amounts per month'],
  orgs: ['Included and billable time per organisation', 'Included and billable time and amounts per organisation over the period'],
  channel: ['Tickets per month by channel', 'Tickets created per month by channel'],
  kind: ['Tickets per month by kind', 'Tickets created per month by kind'],
  first: ['Median first response', 'Median first-response business time per month'],
} as const;
const NL = {
  backlog: ['Openstaande tickets', 'Openstaande tickets nu per soort (rijen) en prioriteit (kolommen)'],
  sla: ['SLA-naleving per week', 'Gehaalde en gemiste SLA-doelen per ISO-week van de tickets aangemaakt in de periode'],
  months: ['Inbegrepen en te factureren tijd per maand', 'Inbegrepen en te factureren tijd en bedragen per maand'],
  channel: ['Tickets per maand per kanaal', 'Aangemaakte tickets per maand per kanaal'],
  kind: ['Tickets per maand per soort', 'Aangemaakte tickets per maand per soort'],
  first: ['Mediaan eerste reactie', 'Mediaan van de werktijd tot de eerste reactie per maand'],
} as const;

const KINDS = ['support', 'issue', 'change_request'] as const;
const PRIORITIES = ['critical', 'high', 'medium', 'low'] as const;
const CHANNELS = ['portal', 'email', 'phone', 'api'] as const;
const KIND = { en: { support: 'Support', issue: 'Issue', change_request: 'Change request' }, nl: { support: 'Support', issue: 'Probleem', change_request: 'Wijzigingsaanvraag' } };

/** Every table of the dashboard against the API's figures (`r`), in `lang`. */
async function expectFigures(page: Page, r: Reports, lang: 'nl' | 'en', staffAll: boolean) {
  const L = lang === 'en' ? EN : NL;
  const n = (v: number) => count(v, lang);
  // Headlines.
  const head = page.getByRole('region', { name: lang === 'en' ? 'Headline figures' : 'Kerncijfers' });
  await expect(head.getByRole('definition').first()).toHaveText(new RegExp(`^${n(r.backlog.total)}\\D`));
  const billable = r.billing.organizations.reduce((s, o) => s + o.totals.amount_excluding_vat_cents, 0);
  await expect(head).toContainText(euro(billable, lang).replace(/[\u00a0\u202f]/g, ' '), { useInnerText: true });

  // Backlog: each kind's row, priorities then the total.
  const backlog = await tableOf(page, L.backlog);
  for (const k of KINDS) {
    const cells = r.backlog.cells.filter((c) => c.kind === k);
    const want = [...PRIORITIES.map((p) => n(cells.find((c) => c.priority === p)?.tickets ?? 0)), n(cells.reduce((s, c) => s + c.tickets, 0))];
    expect(await rowCells(backlog, KIND[lang][k])).toEqual(want);
  }
  expect((await rowCells(backlog, lang === 'en' ? 'Total' : 'Totaal')).at(-1)).toBe(n(r.backlog.total));

  // SLA: every week and the whole period (after the days column).
  const sla = await tableOf(page, L.sla);
  const slaRow = (f: S['SlaFigures']) => [f.tickets, f.first_response_met, f.first_response_missed].map(n).concat(n(f.resolution_met), n(f.resolution_missed));
  for (const w of r.sla.weeks) {
    const cells = await rowCells(sla, w.week);
    expect([cells[1], cells[2], cells[3], cells[5], cells[6]]).toEqual(slaRow(w));
  }
  const slaTotal = await rowCells(sla, lang === 'en' ? 'Whole period' : 'Hele periode');
  expect([slaTotal[1], slaTotal[2], slaTotal[3], slaTotal[5], slaTotal[6]]).toEqual(slaRow(r.sla.totals));

  // Billing per month: the organisations of each month added up.
  const months = await tableOf(page, L.months);
  for (const m of new Set(r.billing.months.map((x) => x.month))) {
    const lines = r.billing.months.filter((x) => x.month === m);
    const sum = (f: (x: (typeof lines)[number]) => number) => lines.reduce((s, x) => s + f(x), 0);
    expect(await rowCells(months, monthName(m, lang))).toEqual(
      [
        n(sum((x) => x.interventions)),
        minutes(sum((x) => x.totals.included_minutes), lang),
        minutes(sum((x) => x.totals.billable_minutes), lang),
        euro(sum((x) => x.totals.amount_excluding_vat_cents), lang),
        euro(sum((x) => x.totals.vat_cents), lang),
        euro(sum((x) => x.totals.total_including_vat_cents), lang),
      ].map(plain),
    );
  }
  if (staffAll) {
    const orgs = await tableOf(page, EN.orgs);
    for (const o of r.billing.organizations) {
      const t = o.totals;
      expect(await rowCells(orgs, o.organization_name)).toEqual(
        [n(o.interventions), minutes(t.included_minutes, lang), minutes(t.billable_minutes, lang), euro(t.amount_excluding_vat_cents, lang), euro(t.vat_cents, lang), euro(t.total_including_vat_cents, lang)].map(plain),
      );
    }
  }

  // Tickets by channel and by kind, per month.
  const channel = await tableOf(page, L.channel);
  const kind = await tableOf(page, L.kind);
  for (const m of r.tickets.months) {
    expect(await rowCells(channel, monthName(m.month, lang))).toEqual([...CHANNELS.map((c) => n(m.by_channel.find((x) => x.channel === c)?.tickets ?? 0)), n(m.tickets)]);
    expect(await rowCells(kind, monthName(m.month, lang))).toEqual([...KINDS.map((k) => n(m.by_kind.find((x) => x.kind === k)?.tickets ?? 0)), n(m.tickets)]);
  }

  // Median first response per month and for the period.
  const first = await tableOf(page, L.first);
  const none = lang === 'en' ? 'none answered' : 'geen beantwoord';
  for (const m of r.firstResponse.months) {
    const med = m.median_business_minutes;
    expect(await rowCells(first, monthName(m.month, lang))).toEqual([n(m.answered), med == null ? none : minutes(med, lang)]);
  }
}

/** Nothing sticks out sideways: the page is no wider than the window (375 px on a phone). */
async function expectFits(page: Page, what: string) {
  const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(scroll, `${what} is ${scroll} px wide in a ${width} px window`).toBeLessThanOrEqual(width);
}

/** Figures change while other specs file tickets: compare again until the page and the API agree on one moment. */
async function expectDashboardMatches(page: Page, read: () => Promise<Reports>, lang: 'nl' | 'en', staffAll: boolean) {
  await expect(async () => {
    const r = await read();
    await page.reload();
    await expectFigures(page, r, lang, staffAll);
  }).toPass({ timeout: 45_000 });
}

test('staff: the dashboard shows the reports API figures for this month, in English and Dutch, wide and on a phone', async ({ page, api }) => {
  test.setTimeout(150_000);
  const admin = await api('admin');
  await loginAs(page, DEMO.admin, { lang: 'en' });
  await page.goto('/dashboard');
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'This month' })).toHaveAttribute('aria-pressed', 'true');
  const r = await reports(admin, thisMonth);
  // The demo data has figures this month in every report.
  expect(r.backlog.total).toBeGreaterThan(0);
  expect(r.tickets.months[0]?.tickets).toBeGreaterThan(0);
  expect(r.billing.organizations.length).toBeGreaterThanOrEqual(2);
  await expectDashboardMatches(page, () => reports(admin, thisMonth), 'en', true);
  await expectNoA11yViolations(page, 'dashboard, tables (staff)');
  await page.reload();
  await expect(card(page, EN.backlog[0]).getByRole('img', { name: /Bar chart: Open backlog/ })).toBeVisible();
  await expectNoA11yViolations(page, 'dashboard, charts (staff)');
  await screenshot(page, 'dashboard-staff');
  await page.setViewportSize({ width: 375, height: 800 });
  await expect(card(page, EN.sla[0]).getByRole('img')).toBeVisible();
  await screenshot(page, 'dashboard-staff');
  await expectFits(page, 'the dashboard (charts)');
  await tableOf(page, EN.sla);
  await tableOf(page, EN.months);
  await expectFits(page, 'the dashboard (tables)');
  await expectNoA11yViolations(page, 'dashboard at 375 px');
  await screenshot(page, 'dashboard-staff-table');

  await page.setViewportSize({ width: 1280, height: 800 });
  await admin.setLanguage('nl');
  try {
    await page.goto('/dashboard');
    await page.reload();
    await expect(page.getByRole('button', { name: 'Deze maand' })).toHaveAttribute('aria-pressed', 'true');
    await expectDashboardMatches(page, () => reports(admin, thisMonth), 'nl', false);
    await page.reload();
    await expect(card(page, NL.backlog[0]).getByRole('img')).toBeVisible();
    await screenshot(page, 'dashboard-staff');
    await page.setViewportSize({ width: 375, height: 800 });
    await screenshot(page, 'dashboard-staff');
    await expectNoA11yViolations(page, 'dashboard nl at 375 px');
  } finally {
    await admin.setLanguage('en');
  }
});

test('staff: the period lives in the address; a custom period is checked; one organisation narrows every report', async ({ page, api }) => {
  const admin = await api('admin');
  await loginAs(page, DEMO.admin, { lang: 'en' });
  await page.goto('/dashboard');
  const sla = page.waitForResponse((res) => res.url().includes('/api/v1/reports/sla?') && res.url().includes(`from=${last3Months.from}`));
  await page.getByRole('button', { name: 'Last 3 months' }).click();
  await sla;
  await expect(page).toHaveURL(/[?&]period=last3Months/);
  await expect(page.getByRole('button', { name: 'Last 3 months' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByLabel('From')).toHaveValue(last3Months.from);
  // Three months, each a row of the tickets table, as the API counts them; after a reload too.
  await page.reload();
  await expect(page.getByRole('button', { name: 'Last 3 months' })).toHaveAttribute('aria-pressed', 'true');
  await expect(async () => {
    const tickets = await admin.get<S['TicketsReport']>(`/api/v1/reports/tickets?from=${last3Months.from}&to=${last3Months.to}`);
    expect(tickets.months).toHaveLength(3);
    const table = await tableOf(page, EN.channel);
    for (const m of tickets.months) expect((await rowCells(table, monthName(m.month, 'en'))).at(-1)).toBe(count(m.tickets, 'en'));
  }).toPass({ timeout: 30_000 });

  // A custom period: the last day before the first is refused at its field; too long as well.
  await page.getByLabel('From').fill(`${year}-03-10`);
  await page.getByLabel('To (included)').fill(`${year}-03-01`);
  await page.getByRole('button', { name: 'Show this period' }).click();
  await expect(page.getByText('The last day cannot come before the first day.')).toBeVisible();
  await expect(page.getByLabel('To (included)')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('From').fill(`${year - 2}-01-01`);
  await page.getByLabel('To (included)').fill(`${year}-01-01`);
  await page.getByRole('button', { name: 'Show this period' }).click();
  await expect(page.getByText('A period spans at most 366 days.')).toBeVisible();
  await page.getByLabel('From').fill(`${year}-01-01`);
  await page.getByLabel('To (included)').fill(today);
  await page.getByRole('button', { name: 'Show this period' }).click();
  await expect(page).toHaveURL(new RegExp(`from=${year}-01-01&to=${today}`));
  for (const p of ['This month', 'Last 3 months', 'Last 12 months', 'This year']) {
    await expect(page.getByRole('button', { name: p })).toHaveAttribute('aria-pressed', 'false');
  }

  // One organisation: Garage Janssens. Every report is theirs, as the API answers for them.
  await page.getByRole('button', { name: 'This month' }).click();
  const orgs = await admin.get<S['OrganizationPage']>('/api/v1/organizations?q=janssens');
  const garage = orgs.items[0]!;
  await page.getByRole('combobox', { name: 'Organisation' }).fill('janss');
  await page.getByRole('option', { name: new RegExp(garage.name) }).click();
  await expect(page).toHaveURL(new RegExp(`org=${garage.id}`));
  await expect(page).toHaveURL(/period=thisMonth/);
  await expect(page.getByText(`Only ${garage.name}.`)).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Organisation' })).toHaveValue(garage.name);
  // No per-organisation card for one organisation.
  await expect(card(page, EN.orgs[0])).toHaveCount(0);
  await expectDashboardMatches(page, () => reports(admin, thisMonth, garage.id), 'en', false);
  const mine = await reports(admin, thisMonth, garage.id);
  const all = await reports(admin, thisMonth);
  expect(mine.billing.organizations.map((o) => o.organization_name)).toEqual([garage.name]);
  expect(mine.backlog.total).toBeLessThanOrEqual(all.backlog.total);
  expect(mine.tickets.months[0]!.tickets).toBeLessThan(all.tickets.months[0]!.tickets);
  await expectNoA11yViolations(page, 'dashboard, one organisation');
  // After a reload the organisation is still picked, by name; × picks all again.
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Organisation' })).toHaveValue(garage.name);
  await page.getByRole('button', { name: new RegExp(garage.name) }).click();
  await expect(page).not.toHaveURL(/org=/);
  await expect(card(page, EN.orgs[0])).toBeVisible();
});

test('a report that cannot be loaded says so and loads on retry; a period without figures says so', async ({ page }) => {
  await loginAs(page, DEMO.admin, { lang: 'en' });
  // The network drops the SLA report (and the query's own retries) until the route is lifted.
  await page.route('**/api/v1/reports/sla?*', (route) => route.abort('connectionreset'));
  await page.goto('/dashboard?period=thisMonth');
  const sla = card(page, EN.sla[0]);
  await expect(sla.getByText('SLA compliance per week could not be loaded')).toBeVisible({ timeout: 20_000 });
  await expect(sla.getByText('The server cannot be reached. Check your connection and try again.')).toBeVisible();
  // The other cards are not held up by it.
  await expect(card(page, EN.channel[0]).getByRole('img')).toBeVisible();
  await page.unroute('**/api/v1/reports/sla?*');
  await sla.getByRole('button', { name: 'Try again' }).click();
  await expect(sla.getByRole('img', { name: /Bar chart: SLA compliance per week/ })).toBeVisible();
  await expect(sla.getByRole('alert')).toHaveCount(0);

  // January 2020: before the demo data, so every period report is empty (the backlog is now).
  await page.goto('/dashboard?from=2020-01-01&to=2020-01-31');
  await expect(page.getByText('Figures for 1 – 31 Jan 2020.')).toBeVisible();
  await expect(sla.getByText('No tickets were created in this period.')).toBeVisible();
  await expect(card(page, EN.channel[0]).getByText('No tickets were created in this period.')).toBeVisible();
  await expect(card(page, EN.months[0]).getByText('No interventions in this period.')).toBeVisible();
  await expect(card(page, EN.first[0]).getByText('No ticket created in this period has had a first response yet.')).toBeVisible();
  await expect(card(page, EN.months[0]).getByRole('button', { name: /as CSV$/ })).toHaveCount(0);
  await expect(card(page, EN.backlog[0]).getByRole('img')).toBeVisible();
  await expectNoA11yViolations(page, 'dashboard, empty period');
});

test('each card downloads the API CSV of its report', async ({ page, api }) => {
  const admin = await api('admin');
  await loginAs(page, DEMO.admin, { lang: 'en' });
  await page.goto('/dashboard');
  for (const [title, path, name] of [
    [EN.channel[0], `/api/v1/reports/tickets?from=${thisMonth.from}&to=${thisMonth.to}`, `loket-tickets-${thisMonth.from}-${thisMonth.to}.csv`],
    [EN.backlog[0], '/api/v1/reports/backlog', 'loket-backlog.csv'],
    [EN.orgs[0], `/api/v1/reports/billing?from=${thisMonth.from}&to=${thisMonth.to}`, `loket-billing-summary-${thisMonth.from}-${thisMonth.to}.csv`],
  ] as const) {
    const c = card(page, title);
    const downloading = page.waitForEvent('download');
    await c.getByRole('button', { name: `Download ${title} as CSV` }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(name);
    const text = readFileSync((await download.path())!, 'utf8');
    const res = await admin.ctx.get(path, { headers: { Authorization: `Bearer ${admin.token}`, Accept: 'text/csv' } });
    expect(res.ok()).toBe(true);
    const want = await res.text();
    expect(text.split('\n')[0]).toBe(want.split('\n')[0]);
    // The backlog counts open tickets now: equal unless a ticket changed between the two reads.
    expect(text).toBe(want);
    expect(text.split('\n').length).toBeGreaterThan(1);
  }
});

test('a customer admin sees their own organisation figures only, without the organisation filter', async ({ page, api }) => {
  test.setTimeout(120_000);
  const ca = await api('customerAdmin');
  const admin = await api('admin');
  const own = ca.user.organization_id!;
  await loginAs(page, DEMO.customerAdmin, { lang: 'nl' });
  try {
    await page.goto('/dashboard');
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
    await expect(page.getByText('De cijfers van uw organisatie over een periode')).toBeVisible();
    await expect(page.getByRole('combobox', { name: 'Organisatie' })).toHaveCount(0);
    await expect(card(page, 'Inbegrepen en te factureren tijd per organisatie')).toHaveCount(0);
    await expectDashboardMatches(page, () => reports(ca, thisMonth), 'nl', false);
    // The customer admin's figures are their organisation's, as staff count them, not everyone's.
    const theirs = await reports(ca, thisMonth);
    const staffView = await reports(admin, thisMonth, own);
    expect(theirs.backlog.total).toBe(staffView.backlog.total);
    expect(theirs.billing.organizations.map((o) => o.organization_id)).toEqual([own]);
    expect(theirs.tickets.months.map((m) => m.tickets)).toEqual(staffView.tickets.months.map((m) => m.tickets));
    const other = (await admin.get<S['OrganizationPage']>('/api/v1/organizations?q=janssens')).items[0]!;
    await expect(page.getByText(other.name)).toHaveCount(0);
    // The CSV is theirs too.
    const downloading = page.waitForEvent('download');
    await card(page, NL.months[0]).getByRole('button', { name: `${NL.months[0]} downloaden als CSV` }).click();
    const text = readFileSync((await (await downloading).path())!, 'utf8');
    expect(text.split('\n')[0]).toBe('month;organization_id;organization;interventions;included_minutes;billable_minutes;amount_excluding_vat_cents;vat_cents;total_including_vat_cents');
    expect(text).toContain(own);
    expect(text).not.toContain(other.id);
    await expectNoA11yViolations(page, 'dashboard (customer admin), tables');
    await page.reload();
    await expect(card(page, NL.backlog[0]).getByRole('img')).toBeVisible();
    await expectNoA11yViolations(page, 'dashboard (customer admin), charts');
    await screenshot(page, 'dashboard-customer-admin');
    await page.setViewportSize({ width: 375, height: 800 });
    await expectFits(page, 'the customer admin dashboard');
    await screenshot(page, 'dashboard-customer-admin');
    await ca.setLanguage('en');
    await page.reload();
    await expect(page.getByRole('button', { name: 'This month' })).toBeVisible();
    await expect(card(page, EN.backlog[0]).getByRole('img')).toBeVisible();
    await screenshot(page, 'dashboard-customer-admin');
    await page.setViewportSize({ width: 1280, height: 800 });
    await expectDashboardMatches(page, () => reports(ca, thisMonth), 'en', false);
    await screenshot(page, 'dashboard-customer-admin');
  } finally {
    await ca.setLanguage('nl');
  }
});
