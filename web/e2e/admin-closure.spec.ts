import type { Locator } from '@playwright/test';
import { test, expect, apiLogin, DEMO, loginAs, screenshot, expectNoA11yViolations, unique } from './fixtures';
import type { components } from '../src/api/schema';

/**
 * The admin closes the interventions schedule on a bridge day from the year view; the agent
 * console's slot picker then shows that day closed with its reason and does not let it be
 * picked. Removing the closure opens the day again.
 */

type S = components['schemas'];
type Lang = 'nl' | 'en';
const TZ = 'Europe/Brussels';
const brusselsDay = (d: Date | string) => new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(new Date(d));
function addDays(date: string, n: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** "Friday 11 December 2026" as a pattern (ICU versions differ in commas). */
function dayPattern(date: string, lang: Lang): string {
  const locale = lang === 'nl' ? 'nl-BE' : 'en-GB';
  const part = (o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, { timeZone: 'UTC', ...o }).format(new Date(`${date}T12:00:00Z`));
  return [part({ weekday: 'long' }), part({ day: 'numeric' }), part({ month: 'long' }), part({ year: 'numeric' })].map(escape).join('[ ,]+');
}
function mondayOf(date: string): string {
  return addDays(date, -((new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7));
}
/** Pages the booking picker forward from this week until the day is shown. */
async function showDay(dialog: Locator, date: string, lang: Lang): Promise<Locator> {
  const day = dialog.getByRole('radio', { name: new RegExp(dayPattern(date, lang)) });
  for (let monday = mondayOf(brusselsDay(new Date())); monday <= date; monday = addDays(monday, 7)) {
    await expect(dialog.getByRole('radio', { name: new RegExp(dayPattern(monday, lang)) })).toHaveCount(1);
    if ((await day.count()) > 0) break;
    await dialog.getByRole('button', { name: lang === 'nl' ? 'Volgende week' : 'Next week' }).click();
  }
  await expect(day).toHaveCount(1);
  return day;
}

test.afterAll(async () => {
  for (const who of [DEMO.admin, DEMO.agent]) {
    const c = await apiLogin(who);
    await c.setLanguage('en');
    await c.ctx.dispose();
  }
});

test('the admin adds a bridge-day closure in the year view; the booking picker refuses that day with its reason', async ({ page, browser, api }) => {
  const admin = await api('admin');
  const tom = await api('customer');
  const today = brusselsDay(new Date());
  // An open weekday a week or more ahead (not a holiday, not in the Christmas closure).
  const { days } = await admin.get<S['ScheduleDays']>(`/api/v1/schedules/interventions/days?from=${addDays(today, 7)}&to=${addDays(today, 40)}`);
  const bridge = days.find((d) => d.open);
  if (!bridge) throw new Error('no open day in the coming weeks');
  const reason = unique('Brugdag');
  const ticket = await tom.createTicket({ subject: unique('Printer blokkeert'), description: 'De bonnenprinter geeft een papierfout.' });

  // The admin: schedules, the interventions schedule's year view.
  await loginAs(page, DEMO.admin, { lang: 'en' });
  await page.goto('/admin/schedules');
  const year = page.getByRole('region', { name: new RegExp(`in ${bridge.date.slice(0, 4)}$`) }).or(page.getByRole('region', { name: /in \d{4}$/ })).first();
  await expect(year).toBeVisible();
  if (!(await year.getByRole('heading', { name: new RegExp(bridge.date.slice(0, 4)) }).count())) {
    await year.getByRole('button', { name: 'Next year' }).click();
  }
  const cell = year.getByRole('button', { name: new RegExp(`^${dayPattern(bridge.date, 'en')}: open$`) });
  await expect(cell).toBeVisible();
  await cell.click();
  const form = year.getByRole('region', { name: 'Close on one or more days' });
  await expect(form.getByLabel('First day')).toHaveValue(bridge.date);
  // The API's validation message next to the field: a blank reason.
  await form.getByLabel('Reason').fill('   ');
  await form.getByRole('button', { name: 'Add the closure' }).click();
  await expect(form.getByText('This cannot be empty.')).toBeVisible();
  await expect(form.getByLabel('Reason')).toHaveAttribute('aria-invalid', 'true');
  await form.getByLabel('Reason').fill(reason);
  await form.getByRole('button', { name: 'Add the closure' }).click();
  await expect(form.getByRole('status').filter({ hasText: `${reason} is added` })).toBeVisible();
  // The year view marks the day, and the list names it.
  await expect(year.getByRole('button', { name: new RegExp(`^${dayPattern(bridge.date, 'en')}: closed, ${escape(reason)}$`) })).toBeVisible();
  await expect(year.getByRole('button', { name: new RegExp(`^Remove closure ${escape(reason)}`) })).toBeVisible();
  await expectNoA11yViolations(page, 'schedules with a new closure');
  await screenshot(page, 'admin-schedules-closure');
  const closures = await admin.get<S['ClosureList']>(`/api/v1/schedules/interventions/closures?year=${bridge.date.slice(0, 4)}`);
  const made = closures.items.find((c) => c.kind === 'closure' && c.name.en === reason);
  expect(made).toMatchObject({ first_day: bridge.date, last_day: bridge.date });

  // The agent (another browser), booking an intervention: the day is closed, with the reason.
  const agentContext = await browser.newContext({ baseURL: process.env.LOKET_E2E_URL, locale: 'en-GB', timezoneId: TZ });
  const agentPage = await agentContext.newPage();
  await loginAs(agentPage, DEMO.agent, { lang: 'en', next: `/console/tickets/${ticket.reference}` });
  const panel = agentPage.getByRole('region', { name: 'Interventions' });
  await panel.getByRole('button', { name: 'Book an intervention' }).click();
  const dialog = agentPage.getByRole('dialog', { name: 'Book an intervention' });
  const day = await showDay(dialog, bridge.date, 'en');
  await expect(day).toHaveAccessibleName(new RegExp(escape(`Closed: ${reason}`)));
  await expect(day).toBeDisabled();
  await day.check({ force: true }).catch(() => undefined);
  await expect(day).not.toBeChecked();
  await expect(dialog.getByRole('group', { name: /^Time on / })).toHaveCount(0);
  // No free slot is offered on it either.
  const slots = await admin.get<S['FreeSlots']>(`/api/v1/schedules/interventions/slots?from=${bridge.date}&to=${bridge.date}&minutes=60`);
  expect(slots.slots).toEqual([]);
  await agentContext.close();

  // The admin removes the closure again: the day is open.
  await year.getByRole('button', { name: new RegExp(`^Remove closure ${escape(reason)}`) }).click();
  await expect(year.getByRole('status').filter({ hasText: `The closure ${reason} is removed.` })).toBeVisible();
  await expect(year.getByRole('button', { name: new RegExp(`^${dayPattern(bridge.date, 'en')}: open$`) })).toBeVisible();
  const after = await admin.get<S['ScheduleDays']>(`/api/v1/schedules/interventions/days?from=${bridge.date}&to=${bridge.date}`);
  expect(after.days[0]?.open).toBe(true);
});

test('in Dutch: the year view names holidays in Dutch and a closure shows the admin\'s reason', async ({ page, api }) => {
  const admin = await api('admin');
  const year = Number(brusselsDay(new Date()).slice(0, 4));
  const list = await admin.get<S['ClosureList']>(`/api/v1/schedules/interventions/closures?year=${year}`);
  const holiday = list.items.find((c) => c.kind === 'public_holiday');
  expect(holiday).toBeTruthy();
  await loginAs(page, DEMO.admin, { lang: 'nl' });
  await page.goto('/admin/schedules');
  const view = page.getByRole('region', { name: new RegExp(`in ${year}$`) });
  await expect(view.getByRole('button', { name: new RegExp(`^${dayPattern(holiday!.first_day, 'nl')}: gesloten, ${escape(holiday!.name.nl)} \\(feestdag\\)$`) })).toBeVisible();
  await expect(view.getByRole('button', { name: /gesloten, .*[Kk]erstsluiting/ }).first()).toBeVisible();
  // An empty reason: the message next to the field, in Dutch.
  const form = view.getByRole('region', { name: 'Sluiten op een of meer dagen' });
  await form.getByLabel('Eerste dag').fill(`${year + 1}-03-01`);
  await form.getByLabel('Reden').fill(' ');
  await form.getByRole('button', { name: 'Sluiting toevoegen' }).click();
  await expect(form.getByText('Dit mag niet leeg zijn.')).toBeVisible();
  await form.getByLabel('Laatste dag').fill(`${year + 1}-02-01`);
  await form.getByLabel('Reden').fill('Teamdag');
  await form.getByRole('button', { name: 'Sluiting toevoegen' }).click();
  await expect(form.getByText('De laatste dag kan niet vóór de eerste dag liggen.')).toBeVisible();
  await expectNoA11yViolations(page, 'schedules in Dutch with errors');
});
