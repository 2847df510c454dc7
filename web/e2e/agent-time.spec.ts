import type { Page } from '@playwright/test';
import { test, expect, apiLogin, DEMO, loginAs, screenshot, expectNoA11yViolations, unique, type ApiClient, type Ticket } from './fixtures';
import type { components } from '../src/api/schema';

/**
 * Recording time on a ticket: the live classification (included in the contract or billable,
 * and why) while the agent types, the ticket's totals, the frozen classification of each
 * entry; correcting, reclassifying and deleting. Bakkerij Peeters has a maintenance contract,
 * Garage Janssens has none.
 */

type S = components['schemas'];

test.afterAll(async () => {
  // Leave jan's profile language as the other specs expect it.
  const c = await apiLogin(DEMO.agent);
  await c.setLanguage('en');
  await c.ctx.dispose();
});

/** A subject the coverage table includes, and one it does not (from the table, not hard-coded). */
async function subjects(agent: ApiClient) {
  const table = await agent.get<S['CoverageTable']>('/api/v1/billing/coverage');
  const offered = table.items.filter((s) => !s.retired);
  const included = offered.find((s) => s.included);
  const excluded = offered.find((s) => !s.included);
  if (!included || !excluded) throw new Error('the coverage table needs an included and an excluded subject');
  return { included, excluded };
}

async function openTime(page: Page, ticket: Ticket, lang: 'nl' | 'en' = 'en') {
  // A fresh login each time (the refresh cookie would otherwise keep the previous one).
  await page.context().clearCookies();
  await loginAs(page, DEMO.agent, { lang, next: `/console/tickets/${ticket.reference}` });
  const panel = page.getByRole('region', { name: lang === 'en' ? 'Time and billing' : 'Tijd en facturatie' });
  await expect(panel).toBeVisible();
  return panel;
}

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format(new Date());

test('time on a Bakkerij Peeters ticket with an included subject is "included"; the totals follow; correct, reclassify, delete', async ({ page, api }) => {
  const tom = await api('customer');
  const jan = await api('agent');
  const { included, excluded } = await subjects(jan);
  const ticket = await tom.createTicket({ subject: unique('Opleiding nieuwe kassamedewerker'), description: 'Kunnen jullie onze nieuwe medewerker wegwijs maken in de kassa?' });
  const detail = await jan.get<S['TicketDetail']>(`/api/v1/tickets/${ticket.reference}`);
  expect(detail.coverage.covered, 'Bakkerij Peeters has a valid contract').toBe(true);
  const expected = await jan.post<S['ClassifyResponse']>('/api/v1/billing/classify', {
    organization_id: detail.organization_id,
    date: today(),
    subject: included.code,
    minutes: 45,
  });
  expect(expected.outcome).toBe('included');

  const panel = await openTime(page, ticket);
  const preview = panel.getByRole('region', { name: 'Included or billable?' });
  await expect(preview).toContainText('Enter the minutes, the day and the subject');

  // Typing is debounced: one dry-run for the value the agent ends on, not one per key.
  const classified: Promise<number>[] = [];
  page.on('response', (r) => {
    if (r.url().endsWith('/api/v1/billing/classify')) classified.push(r.json().then((b: S['ClassifyResponse']) => b.minutes_worked));
  });
  await panel.getByLabel('Subject').selectOption(included.code);
  await panel.getByLabel('Minutes worked').pressSequentially('45', { delay: 60 });
  await expect(preview.getByText('Included in the contract', { exact: true })).toBeVisible();
  await expect(preview).toContainText(expected.explanation);
  expect(await Promise.all(classified)).toEqual([45]);

  // While the agent changes the subject, the classification follows.
  await panel.getByLabel('Subject').selectOption(excluded.code);
  await expect(preview.getByText('Billable', { exact: true })).toBeVisible();
  await panel.getByLabel('Subject').selectOption(included.code);
  await expect(preview.getByText('Included in the contract', { exact: true })).toBeVisible();
  await expectNoA11yViolations(page, 'time panel with a classification');

  await panel.getByLabel('What was done').fill('Kassa-opleiding gegeven aan de nieuwe medewerker.');
  await panel.getByRole('button', { name: 'Record time' }).click();
  await expect(panel.getByRole('status').filter({ hasText: '45 min recorded: included in the contract.' })).toBeVisible();

  const entries = panel.getByRole('region', { name: /^Recorded time/ });
  const entry = entries.getByRole('article').first();
  await expect(entry).toContainText('Included in the contract');
  await expect(entry).toContainText(expected.explanation);
  const totals = panel.getByRole('region', { name: 'Totals of this ticket' });
  await expect(totals).toContainText('45 min');
  const recorded = await jan.get<S['TicketInterventions']>(`/api/v1/tickets/${ticket.reference}/interventions`);
  expect(recorded.items).toHaveLength(1);
  expect(recorded.items[0]!.classification.outcome).toBe('included');
  expect(recorded.totals.included_minutes).toBe(45);

  // Correct the minutes: the list and the totals follow.
  await entry.getByRole('button', { name: 'Correct' }).click();
  const edit = page.getByRole('dialog', { name: 'Correct the time entry' });
  await edit.getByLabel('Minutes worked').fill('60');
  await edit.getByRole('button', { name: 'Save correction' }).click();
  await expect(edit).toBeHidden();
  await expect(totals).toContainText('1 h');
  expect((await jan.get<S['TicketInterventions']>(`/api/v1/tickets/${ticket.reference}/interventions`)).totals.included_minutes).toBe(60);

  // The entry names who did the work.
  await expect(entry).toContainText(`by ${jan.user.display_name}`);

  // Reclassify with today's table and a reason: still included, and the history keeps why.
  await entry.getByRole('button', { name: 'Reclassify' }).click();
  const reclassify = page.getByRole('dialog', { name: 'Reclassify this entry?' });
  const why = 'Contract met terugwerkende kracht verlengd';
  await reclassify.getByLabel('Reason').fill(why);
  await reclassify.getByRole('button', { name: 'Reclassify' }).click();
  await expect(reclassify).toBeHidden();
  await expect(entries.getByRole('status')).toContainText('Reclassified: still Included in the contract.');
  const events = await jan.get<S['TicketEventView'][]>(`/api/v1/tickets/${ticket.reference}/events`);
  expect(events.filter((e) => e.field === 'intervention_reclassified').map((e) => e.reason)).toEqual([why]);
  const history = page.getByRole('region', { name: 'History' });
  await expect(history.getByText(`Reason given: ${why}`)).toBeVisible();
  await expect(history.getByText(`${jan.user.display_name} (staff)`).first()).toBeVisible();

  // Delete it, after confirming.
  await entry.getByRole('button', { name: 'Delete' }).click();
  const del = page.getByRole('dialog', { name: 'Delete this time entry?' });
  await del.getByRole('button', { name: 'Delete entry' }).click();
  await expect(del).toBeHidden();
  await expect(entries.getByText('No time recorded on this ticket yet.')).toBeVisible();
  expect((await jan.get<S['TicketInterventions']>(`/api/v1/tickets/${ticket.reference}/interventions`)).items).toHaveLength(0);
});

test('the same work for Garage Janssens (no contract) is "billable", with the amount in euro', async ({ page, api }) => {
  const lisa = await api('otherAdmin');
  const jan = await api('agent');
  const { included } = await subjects(jan);
  const ticket = await lisa.createTicket({ subject: unique('Training for the new receptionist'), description: 'Could you show our receptionist how to plan repairs?' });
  const detail = await jan.get<S['TicketDetail']>(`/api/v1/tickets/${ticket.reference}`);
  expect(detail.coverage.covered, 'Garage Janssens has no contract').toBe(false);
  const expected = await jan.post<S['ClassifyResponse']>('/api/v1/billing/classify', {
    organization_id: detail.organization_id,
    date: today(),
    subject: included.code,
    minutes: 50,
  });
  expect(expected.outcome).toBe('billable');
  const euro = (cents: number) => new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }).format(cents / 100);

  const panel = await openTime(page, ticket);
  await expect(panel).toContainText('No maintenance contract today');
  await panel.getByLabel('Minutes worked').fill('50');
  await panel.getByLabel('Subject').selectOption(included.code);
  const preview = panel.getByRole('region', { name: 'Included or billable?' });
  await expect(preview.getByText('Billable', { exact: true })).toBeVisible();
  await expect(preview).toContainText(expected.explanation);
  await expect(preview).toContainText(euro(expected.amount_cents));
  await panel.getByLabel('What was done').fill('Training given to the receptionist.');
  await panel.getByRole('button', { name: 'Record time' }).click();
  await expect(panel.getByRole('status').filter({ hasText: '50 min recorded: billable.' })).toBeVisible();

  const recorded = await jan.get<S['TicketInterventions']>(`/api/v1/tickets/${ticket.reference}/interventions`);
  expect(recorded.items[0]!.classification.outcome).toBe('billable');
  const totals = panel.getByRole('region', { name: 'Totals of this ticket' });
  await expect(totals).toContainText(euro(recorded.totals.amount_excluding_vat_cents));
  await expect(totals).toContainText(euro(recorded.totals.total_including_vat_cents));
  await expect(panel.getByRole('region', { name: /^Recorded time/ }).getByRole('article').first()).toContainText('Billable');
});

test('in Dutch: the classification explains itself in Dutch, amounts as € 1.234,56; screenshots', async ({ page, api }) => {
  const lisa = await api('otherAdmin');
  const jan = await api('agent');
  const { included } = await subjects(jan);
  const ticket = await lisa.createTicket({ subject: unique('Second workstation'), description: 'Please install the software on the new PC.' });
  const detail = await jan.get<S['TicketDetail']>(`/api/v1/tickets/${ticket.reference}`);
  const res = await jan.ctx.post('/api/v1/billing/classify', {
    headers: { Authorization: `Bearer ${jan.token}`, 'Accept-Language': 'nl' },
    data: { organization_id: detail.organization_id, date: today(), subject: included.code, minutes: 90 },
  });
  const nl = (await res.json()) as S['ClassifyResponse'];
  // One entry already recorded, so the list and the totals show it.
  await jan.post(`/api/v1/tickets/${ticket.reference}/interventions`, {
    performed_on: today(),
    minutes: 40,
    subject: included.code,
    description: 'Installed the software on the reception PC.',
  });
  const euroNl = (cents: number) => new Intl.NumberFormat('nl-BE', { style: 'currency', currency: 'EUR' }).format(cents / 100).replace(/\s/g, ' ');

  for (const lang of ['nl', 'en'] as const) {
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      const panel = await openTime(page, ticket, lang);
      await panel.getByLabel(lang === 'nl' ? 'Gewerkte minuten' : 'Minutes worked').fill('90');
      await panel.getByLabel(lang === 'nl' ? 'Onderwerp' : 'Subject').selectOption(included.code);
      const preview = panel.getByRole('region', { name: lang === 'nl' ? 'Inbegrepen of factureerbaar?' : 'Included or billable?' });
      await expect(preview.getByText(lang === 'nl' ? 'Factureerbaar' : 'Billable', { exact: true })).toBeVisible();
      if (lang === 'nl') {
        await expect(preview).toContainText(nl.explanation);
        expect((await preview.textContent())!.replace(/\s/g, ' ')).toContain(euroNl(nl.amount_cents));
      }
      await panel.scrollIntoViewIfNeeded();
      await screenshot(page, 'console-time-panel');
      await expectNoA11yViolations(page, `time panel ${lang} ${width}`);
    }
  }
});
