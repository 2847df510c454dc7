import type { Page } from '@playwright/test';
import { test, expect, DEMO, loginAs, screenshot, expectNoA11yViolations } from './fixtures';

/** The support hours: open or closed now (from the API), the weekly hours, the coming closures. */

async function openHours(page: Page, lang: 'nl' | 'en') {
  await loginAs(page, DEMO.customer, { lang });
  await page.goto('/support-hours');
  await expect(page.getByRole('heading', { level: 1, name: lang === 'nl' ? 'Supporturen' : 'Support hours' })).toBeVisible();
}

test('a customer sees whether support and the phone line are open now, as the API says', async ({ page, api }) => {
  const tom = await api('customer');
  const support = await tom.get<{ open: boolean }>('/api/v1/schedules/interventions/status');
  const phone = await tom.get<{ open: boolean }>('/api/v1/schedules/phone/status');
  await openHours(page, 'en');
  const supportCard = page.getByRole('region', { name: 'Support', exact: true });
  await expect(supportCard.getByText(support.open ? 'Support is open now' : 'Support is closed now')).toBeVisible();
  const phoneCard = page.getByRole('region', { name: 'Phone line' });
  await expect(phoneCard.getByText(phone.open ? 'The phone line is open now' : 'The phone line is closed now')).toBeVisible();
  await expect(phoneCard.getByText('On Friday the line closes at 12:00.')).toBeVisible();
  await expect(page.getByText(/always by appointment/)).toBeVisible();
});

test('the weekly hours are a table from Monday to Sunday; Friday differs for support and phone', async ({ page }) => {
  await openHours(page, 'en');
  const table = page.getByRole('table', { name: /Opening hours per weekday/ });
  const rows = table.getByRole('row');
  await expect(rows).toHaveCount(8);
  await expect(rows.nth(1).getByRole('rowheader')).toContainText('Monday');
  await expect(rows.nth(7).getByRole('rowheader')).toContainText('Sunday');
  const friday = table.getByRole('row', { name: /Friday/ });
  await expect(friday.getByRole('cell').nth(0)).toHaveText('09:00–12:0013:00–15:30');
  await expect(friday.getByRole('cell').nth(1)).toHaveText('09:00–12:00');
  await expect(table.getByRole('row', { name: /Saturday/ }).getByRole('cell').nth(0)).toHaveText('Closed');
});

test('the coming closures include the Christmas closure, clearly marked', async ({ page, api }) => {
  const tom = await api('customer');
  const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels', year: 'numeric' }).format(new Date()));
  type Closures = { items: { kind: string; first_day: string; last_day: string; name: { en: string } }[] };
  const next = await tom.get<Closures>(`/api/v1/schedules/interventions/closures?year=${year + 1}`);
  expect(next.items.some((c) => c.kind === 'christmas_closure')).toBe(true);
  await openHours(page, 'en');
  await expect(page.getByRole('note', { name: 'Christmas closure' })).toContainText('Closed between Christmas and New Year');
  const list = page.getByRole('region', { name: 'Holidays and closures' });
  await expect(list.getByRole('listitem').filter({ hasText: 'Christmas closure' }).first()).toContainText(/Friday,? 25 December \d{4} to .*1 January \d{4}/);
  // Only from today on: no closure whose last day has passed is listed.
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format(new Date());
  const thisYear = await tom.get<Closures>(`/api/v1/schedules/interventions/closures?year=${year}`);
  const items = (await list.getByRole('listitem').allTextContents()).join('\n');
  for (const c of thisYear.items.filter((x) => x.last_day < today)) {
    const day = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${c.first_day}T12:00:00Z`));
    expect(items, `${c.name.en} (${c.first_day}) has passed`).not.toContain(day);
  }
  for (const c of [...thisYear.items, ...next.items].filter((x) => x.last_day >= today)) expect(items).toContain(c.name.en);
});

test('in Dutch: the status reason and the days come in Dutch', async ({ page }) => {
  await openHours(page, 'nl');
  await expect(page.getByRole('table', { name: /Openingsuren per weekdag/ }).getByRole('rowheader').first()).toContainText('Maandag', { ignoreCase: true });
  await expect(page.getByRole('note', { name: 'Kerstsluiting' })).toContainText('Gesloten tussen Kerstmis en Nieuwjaar');
  await expect(page.getByText(/Support is nu (open|gesloten)/)).toBeVisible();
});

test('when closed, the page gives the API\'s reason and the next opening with its weekday', async ({ page, api }) => {
  // The real API answers for the real "now"; to see the closed state at any hour, ask the API about
  // an instant in the Christmas closure and hand that answer to the page as "now".
  const tom = await api('customer');
  for (const lang of ['en', 'nl'] as const) {
    const res = await tom.ctx.get('/api/v1/schedules/interventions/status?at=2026-12-28T10:00:00%2B01:00', {
      headers: { Authorization: `Bearer ${tom.token}`, 'Accept-Language': lang },
    });
    const closed = await res.json();
    expect(closed.open).toBe(false);
    await page.route('**/api/v1/schedules/interventions/status*', (route) => route.fulfill({ json: closed }));
    await openHours(page, lang);
    const card = page.getByRole('region', { name: 'Support', exact: true });
    if (lang === 'en') {
      await expect(card.getByText('Support is closed now')).toBeVisible();
      await expect(card.getByText('28 December 2026 falls in the Christmas closure.')).toBeVisible();
      await expect(card.getByText(/Opens again: Monday,? 4 January 2027 at 09:00/)).toBeVisible();
    } else {
      await expect(card.getByText('Support is nu gesloten')).toBeVisible();
      await expect(card.getByText(/Kerstsluiting/i)).toBeVisible();
      await expect(card.getByText(/Weer open: maandag 4 januari 2027 om 09:00/)).toBeVisible();
    }
    await screenshot(page, 'support-hours-closed');
    await page.unroute('**/api/v1/schedules/interventions/status*');
    await page.context().clearCookies();
  }
});

for (const lang of ['en', 'nl'] as const) {
  test(`support hours page in ${lang}: screenshots at 1280 and 375 px, axe`, async ({ page }) => {
    await openHours(page, lang);
    await expect(page.getByRole('table')).toBeVisible();
    await expect(page.getByRole('note')).toBeVisible();
    await screenshot(page, 'support-hours');
    await expectNoA11yViolations(page, `support hours (${lang})`);
    await page.setViewportSize({ width: 375, height: 740 });
    await screenshot(page, 'support-hours');
  });
}
