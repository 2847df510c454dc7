import type { Locator, Page } from '@playwright/test';
import { test, expect, apiLogin, DEMO, loginAs, screenshot, expectNoA11yViolations, unique, type ApiClient, type Appointment } from './fixtures';
import type { components } from '../src/api/schema';

/**
 * Booking an intervention from the staff ticket page: a week of the interventions schedule in
 * which a closed day shows why (holiday, Christmas closure, closure, weekend) and cannot be
 * picked; the free times of the chosen agent; moving and cancelling; the customer's answer.
 */

type S = components['schemas'];
type Days = S['ScheduleDays'];
type Slots = S['FreeSlots'];
type Lang = 'nl' | 'en';

test.afterAll(async () => {
  // Leave jan's profile language as the other specs expect it.
  const c = await apiLogin(DEMO.agent);
  await c.setLanguage('en');
  await c.ctx.dispose();
});

const TZ = 'Europe/Brussels';
const brusselsDay = (d: Date | string) => new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(new Date(d));
function addDays(date: string, n: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** "Friday 25 December 2026" as a pattern (ICU versions differ in commas). */
function dayPattern(date: string, lang: Lang): string {
  const locale = lang === 'nl' ? 'nl-BE' : 'en-GB';
  const part = (o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, { timeZone: 'UTC', ...o }).format(new Date(`${date}T12:00:00Z`));
  return [part({ weekday: 'long' }), part({ day: 'numeric' }), part({ month: 'long' }), part({ year: 'numeric' })].map(escape).join('[ ,]+');
}
const hhmm = (instant: string) => new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(instant));

/** The text the picker shows for a closed day (as in appointments/i18n/en.json). */
function closedText(reason: NonNullable<S['ScheduleDay']['closed_reason']>): string {
  switch (reason.kind) {
    case 'holiday':
      return `Closed: ${reason.name} (public holiday)`;
    case 'christmas_closure':
      return 'Closed: Christmas closure';
    case 'closure':
      return `Closed: ${reason.name}`;
    case 'weekend':
      return 'Closed: weekend';
    case 'no_opening_hours':
      return 'Closed: no support hours on this weekday';
  }
}

/** A closed day in the coming 62 days: a holiday or closure if there is one, else a weekend day. */
async function closedDayAhead(agent: ApiClient): Promise<S['ScheduleDay']> {
  const today = brusselsDay(new Date());
  const { days } = await agent.get<Days>(`/api/v1/schedules/interventions/days?from=${today}&to=${addDays(today, 61)}`);
  const closed = days.filter((d) => !d.open && d.date > today);
  const day = closed.find((d) => d.closed_reason?.kind !== 'weekend' && d.closed_reason?.kind !== 'no_opening_hours') ?? closed[0];
  if (!day) throw new Error('no closed day in the coming 62 days');
  return day;
}

async function freeSlots(agent: ApiClient, minutes: number): Promise<Slots['slots']> {
  const from = addDays(brusselsDay(new Date()), 1);
  const res = await agent.get<Slots>(`/api/v1/schedules/interventions/slots?from=${from}&to=${addDays(from, 40)}&minutes=${minutes}&agent=${agent.user.id}`);
  return res.slots;
}

function mondayOf(date: string): string {
  return addDays(date, -((new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7));
}

/**
 * Pages the picker forward from the week it opened on (the current one, or the moved
 * appointment's) until the day is shown; each week's Monday is awaited before looking.
 */
async function showDay(dialog: Locator, date: string, lang: Lang, from = brusselsDay(new Date())): Promise<Locator> {
  const day = dialog.getByRole('radio', { name: new RegExp(dayPattern(date, lang)) });
  for (let monday = mondayOf(from); monday <= date; monday = addDays(monday, 7)) {
    await expect(dialog.getByRole('radio', { name: new RegExp(dayPattern(monday, lang)) })).toHaveCount(1);
    if ((await day.count()) > 0) break;
    await dialog.getByRole('button', { name: lang === 'nl' ? 'Volgende week' : 'Next week' }).click();
  }
  await expect(day).toHaveCount(1);
  return day;
}

async function pickSlot(dialog: Locator, slot: { start: string; end: string }, from?: string) {
  await (await showDay(dialog, brusselsDay(slot.start), 'en', from)).check();
  await dialog.getByRole('radio', { name: `${hhmm(slot.start)}–${hhmm(slot.end)}`, exact: true }).check();
}

async function openTicket(page: Page, reference: string) {
  await page.goto(`/console/tickets/${reference}`);
  const panel = page.getByRole('region', { name: /^(Interventions|Interventies)$/ });
  await expect(panel).toBeVisible();
  return panel;
}

test('an agent books an intervention; a closed day shows its reason and cannot be picked; then moves and cancels it', async ({ page, api }) => {
  const tom = await api('customer');
  const jan = await api('agent');
  const ticket = await tom.createTicket({ subject: unique('Kassa start niet op'), description: 'De kassa blijft hangen op het opstartscherm.' });
  const closed = await closedDayAhead(jan);
  const [slot] = await freeSlots(jan, 60);
  expect(slot, 'a free hour for the agent in the coming weeks').toBeTruthy();

  await loginAs(page, DEMO.agent, { lang: 'en' });
  const panel = await openTicket(page, ticket.reference);
  await expect(panel.getByText('No intervention planned.')).toBeVisible();
  await panel.getByRole('button', { name: 'Book an intervention' }).click();
  const dialog = page.getByRole('dialog', { name: 'Book an intervention' });
  await expect(dialog.getByRole('combobox', { name: 'Agent' })).toHaveValue(jan.user.id);

  // The closed day: its reason in words, and no way to choose it.
  const closedDay = await showDay(dialog, closed.date, 'en');
  await expect(closedDay).toHaveAccessibleName(new RegExp(escape(closedText(closed.closed_reason!))));
  await expect(closedDay).toBeDisabled();
  await closedDay.check({ force: true }).catch(() => undefined);
  await expect(closedDay).not.toBeChecked();
  await expect(dialog.getByRole('group', { name: /^Time on / })).toHaveCount(0);
  await expectNoA11yViolations(page, 'booking dialog');

  // Book the agent's first free hour (the picker starts again at this week).
  await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
  await panel.getByRole('button', { name: 'Book an intervention' }).click();
  await pickSlot(dialog, slot!);
  await dialog.getByRole('radio', { name: 'Remote' }).check();
  await dialog.getByLabel('What the intervention is about').fill('Samen de opstart van de kassa bekijken');
  await dialog.getByRole('button', { name: 'Book', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(panel.getByRole('status').filter({ hasText: 'The intervention is booked.' })).toBeVisible();

  const [booked] = (await jan.get<{ items: Appointment[] }>(`/api/v1/appointments?ticket=${ticket.reference}`)).items;
  expect(booked).toMatchObject({ starts_at: slot!.start, agent_id: jan.user.id, mode: 'remote', status: 'booked' });
  const item = panel.getByRole('article', { name: /^Appointment / });
  await expect(item).toContainText(`${hhmm(slot!.start)}–${hhmm(slot!.end)}`);
  await expect(item).toContainText('Waiting for the customer');
  await expect(item).toContainText('Jan Vermeulen');

  // The customer asks for another time: the agent sees the request and the comment.
  await tom.post(`/api/v1/appointments/${booked!.id}/request-move`, { note: 'Liever op een namiddag, na 14 uur.' });
  await page.reload();
  await expect(item).toContainText('Customer asks to move it');
  await expect(item).toContainText('Liever op een namiddag, na 14 uur.');

  // The calendar file.
  const download = page.waitForEvent('download');
  await item.getByRole('button', { name: 'Calendar file (.ics)' }).click();
  expect((await download).suggestedFilename()).toMatch(/\.ics$/);

  // Move it to another free hour of the agent.
  const next = (await freeSlots(jan, 60)).find((s) => s.start !== slot!.start && Date.parse(s.start) > Date.parse(slot!.start));
  expect(next).toBeTruthy();
  await item.getByRole('button', { name: 'Move' }).click();
  const move = page.getByRole('dialog', { name: 'Move the appointment' });
  // The move dialog opens on the week of the appointment.
  await pickSlot(move, next!, brusselsDay(booked!.starts_at));
  await move.getByRole('button', { name: 'Move to this time' }).click();
  await expect(move).toBeHidden();
  await expect(panel.getByRole('status').filter({ hasText: 'The appointment is moved to' })).toBeVisible();
  const moved = await jan.get<Appointment>(`/api/v1/appointments/${booked!.id}`);
  expect(moved.starts_at).toBe(next!.start);
  await expect(item).toContainText(`${hhmm(next!.start)}–${hhmm(next!.end)}`);

  // Cancel it, after confirming.
  await item.getByRole('button', { name: 'Cancel appointment' }).click();
  const confirm = page.getByRole('dialog', { name: 'Cancel this appointment?' });
  await expect(confirm).toContainText('Jan Vermeulen');
  await confirm.getByRole('button', { name: 'Cancel the appointment' }).click();
  await expect(confirm).toBeHidden();
  await expect(panel.getByText('No intervention planned.')).toBeVisible();
  expect((await jan.get<Appointment>(`/api/v1/appointments/${booked!.id}`)).status).toBe('cancelled');
  await expect(panel.getByText('1 earlier or cancelled appointment')).toBeVisible();
  await expectNoA11yViolations(page, 'ticket page with the booking panel');
});

test('in Dutch the closed day says why in Dutch, with the weekday', async ({ page, api }) => {
  const tom = await api('customer');
  const jan = await api('agent');
  const ticket = await tom.createTicket({ subject: unique('Weegschaal koppelen'), description: 'De nieuwe weegschaal wordt niet herkend.' });
  const today = brusselsDay(new Date());
  // The same closed day, named by the API in Dutch.
  const res = await jan.ctx.get(`/api/v1/schedules/interventions/days?from=${today}&to=${addDays(today, 61)}`, {
    headers: { Authorization: `Bearer ${jan.token}`, 'Accept-Language': 'nl' },
  });
  const nlDays = ((await res.json()) as Days).days;
  const closed = await closedDayAhead(jan);
  const nl = nlDays.find((d) => d.date === closed.date)!;
  await loginAs(page, DEMO.agent, { lang: 'nl' });
  const panel = await openTicket(page, ticket.reference);
  await panel.getByRole('button', { name: 'Interventie inplannen' }).click();
  const dialog = page.getByRole('dialog', { name: 'Interventie inplannen' });
  const day = await showDay(dialog, closed.date, 'nl');
  await expect(day).toBeDisabled();
  await expect(day).toHaveAccessibleName(/Gesloten: /);
  if (nl.closed_reason!.kind === 'holiday' || nl.closed_reason!.kind === 'closure') {
    await expect(day).toHaveAccessibleName(new RegExp(escape(nl.closed_reason!.name)));
  }
});

test('screenshots of the booking dialog on a week with a closed day, nl and en, wide and phone', async ({ page, api }) => {
  const tom = await api('customer');
  const jan = await api('agent');
  const ticket = await tom.createTicket({ subject: unique('Etiketten printen scheef'), description: 'De etiketprinter drukt alles 2 mm te hoog.' });
  // One appointment the customer asked to move, so the panel shows the customer's answer.
  const appt = await jan.bookAppointment(ticket.reference, { note: 'Printerinstellingen samen nakijken' });
  await tom.post(`/api/v1/appointments/${appt.id}/request-move`, { note: 'Kan het een dag later?' });
  const closed = await closedDayAhead(jan);
  for (const lang of ['en', 'nl'] as const) {
    await page.context().clearCookies();
    await loginAs(page, DEMO.agent, { lang });
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: width > 600 ? 900 : 812 });
      const panel = await openTicket(page, ticket.reference);
      await expect(panel.getByRole('article')).toContainText('Kan het een dag later?');
      await panel.scrollIntoViewIfNeeded();
      await screenshot(page, 'console-ticket-booking-panel');
      await panel.getByRole('button', { name: lang === 'nl' ? 'Interventie inplannen' : 'Book an intervention' }).click();
      const dialog = page.getByRole('dialog');
      await showDay(dialog, closed.date, lang);
      await screenshot(page, 'console-booking-dialog');
      await expectNoA11yViolations(page, `booking dialog ${lang} ${width}`);
      await dialog.getByRole('button', { name: lang === 'nl' ? 'Annuleren' : 'Cancel', exact: true }).click();
    }
  }
});
