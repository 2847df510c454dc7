import { test, expect, apiLogin, DEMO, loginAs, screenshot, expectNoA11yViolations, unique } from './fixtures';
import type { components } from '../src/api/schema';

/**
 * The admin edits the coverage table: before saving, the screen lists which subjects change
 * side; after saving, time recorded on such a subject is classified by the new table, while
 * an entry recorded earlier keeps the classification it got then.
 */

type S = components['schemas'];
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format(new Date());
let restore: { code: string; included: boolean } | null = null;

test.afterAll(async () => {
  const admin = await apiLogin(DEMO.admin);
  if (restore) await admin.patch(`/api/v1/billing/coverage/${restore.code}`, { included: restore.included }).catch(() => undefined);
  await admin.setLanguage('en');
  await admin.ctx.dispose();
  const jan = await apiLogin(DEMO.agent);
  await jan.setLanguage('en');
  await jan.ctx.dispose();
});

test('a subject moved out of the contract bills new time; earlier time stays included', async ({ page, browser, api }) => {
  const admin = await api('admin');
  const jan = await api('agent');
  const tom = await api('customer');
  const table = await admin.get<S['CoverageTable']>('/api/v1/billing/coverage');
  const subject = table.items.find((s) => s.included && !s.retired);
  if (!subject) throw new Error('the coverage table has no included subject');
  const ticket = await tom.createTicket({ subject: unique('Kassa hangt'), description: 'De kassa reageert niet meer op de toetsen.' });

  // Earlier work on the subject: included in Bakkerij Peeters' contract.
  const before = await jan.post<S['InterventionView']>(`/api/v1/tickets/${ticket.reference}/interventions`, {
    performed_on: today(),
    minutes: 30,
    subject: subject.code,
    description: 'Eerste analyse van de kassa.',
  });
  expect(before.classification.outcome).toBe('included');

  // The admin moves the subject to the billed column; the change is listed before saving.
  restore = { code: subject.code, included: true };
  await loginAs(page, DEMO.admin, { lang: 'en' });
  await page.goto('/admin/coverage');
  const editor = page.getByRole('region', { name: 'Subjects of the coverage table' });
  const box = editor.getByRole('checkbox', { name: `${subject.label_en}: included in a maintenance contract` });
  await expect(box).toBeChecked();
  await expect(editor.getByText('No changes yet.', { exact: false })).toBeVisible();
  await expect(editor.getByRole('button', { name: 'Save the coverage table' })).toBeDisabled();
  await box.uncheck();
  const pending = editor.getByRole('region', { name: '1 subject changes when you save' });
  await expect(pending).toContainText(`${subject.label_en}: from included to billed`);
  // Undoing the change empties the list again.
  await box.check();
  await expect(editor.getByText('No changes yet.', { exact: false })).toBeVisible();
  await box.uncheck();
  await expect(pending).toBeVisible();
  await expectNoA11yViolations(page, 'coverage table with a pending change');
  await screenshot(page, 'admin-coverage-pending');
  // Nothing is saved until the admin saves.
  expect((await admin.get<S['CoverageRow']>(`/api/v1/billing/coverage/${subject.code}`)).included).toBe(true);
  await editor.getByRole('button', { name: 'Save the coverage table' }).click();
  await expect(editor.getByRole('status').filter({ hasText: 'The coverage table is saved.' })).toBeVisible();
  expect((await admin.get<S['CoverageRow']>(`/api/v1/billing/coverage/${subject.code}`)).included).toBe(false);
  await expect(editor.getByRole('checkbox', { name: `${subject.label_en}: included in a maintenance contract` })).not.toBeChecked();

  // Work recorded afterwards, in the agent console: billable by the new table.
  const agentContext = await browser.newContext({ baseURL: process.env.LOKET_E2E_URL, locale: 'en-GB', timezoneId: 'Europe/Brussels' });
  const agentPage = await agentContext.newPage();
  await loginAs(agentPage, DEMO.agent, { lang: 'en', next: `/console/tickets/${ticket.reference}` });
  const panel = agentPage.getByRole('region', { name: 'Time and billing' });
  await panel.getByLabel('Subject').selectOption(subject.code);
  await panel.getByLabel('Minutes worked').fill('45');
  await panel.getByLabel('What was done').fill('Kassa opnieuw geïnstalleerd.');
  const preview = panel.getByRole('region', { name: 'Included or billable?' });
  await expect(preview.getByText('Billable', { exact: true })).toBeVisible();
  await panel.getByRole('button', { name: 'Record time' }).click();
  await expect(panel.getByRole('status').filter({ hasText: '45 min recorded' })).toBeVisible();

  const entries = panel.getByRole('region', { name: /^Recorded time/ });
  await expect(entries.getByRole('article').filter({ hasText: 'Kassa opnieuw geïnstalleerd.' })).toContainText('Billable');
  await expect(entries.getByRole('article').filter({ hasText: 'Eerste analyse van de kassa.' })).toContainText('Included in the contract');
  const recorded = await jan.get<S['TicketInterventions']>(`/api/v1/tickets/${ticket.reference}/interventions`);
  const byText = (d: string) => recorded.items.find((i) => i.description === d);
  expect(byText('Eerste analyse van de kassa.')?.classification.outcome).toBe('included');
  expect(byText('Kassa opnieuw geïnstalleerd.')?.classification.outcome).toBe('billable');
  await agentContext.close();

  // The admin puts the subject back.
  await page.reload();
  await editor.getByRole('checkbox', { name: `${subject.label_en}: included in a maintenance contract` }).check();
  await expect(editor.getByRole('region', { name: '1 subject changes when you save' })).toContainText(`${subject.label_en}: from billed to included`);
  await editor.getByRole('button', { name: 'Save the coverage table' }).click();
  await expect(editor.getByRole('status').filter({ hasText: 'The coverage table is saved.' })).toBeVisible();
  expect((await admin.get<S['CoverageRow']>(`/api/v1/billing/coverage/${subject.code}`)).included).toBe(true);
  restore = null;
  // The earlier entries keep what they got.
  const still = await jan.get<S['TicketInterventions']>(`/api/v1/tickets/${ticket.reference}/interventions`);
  expect(still.items.find((i) => i.description === 'Kassa opnieuw geïnstalleerd.')?.classification.outcome).toBe('billable');
});

test('billing settings and a new subject: the API\'s field errors next to the field, in Dutch', async ({ page, api }) => {
  const admin = await api('admin');
  const settings = await admin.get<S['BillingSettings']>('/api/v1/billing/settings');
  await loginAs(page, DEMO.admin, { lang: 'nl' });
  await page.goto('/admin/coverage');
  const add = page.getByRole('region', { name: 'Onderwerp toevoegen' });
  await add.getByLabel('Code', { exact: true }).fill('Niet Goed');
  await add.getByLabel('Naam in het Nederlands').fill('Datamigratie');
  await add.getByLabel('Naam in het Engels').fill('Data migration');
  await add.getByRole('button', { name: 'Onderwerp toevoegen' }).click();
  await expect(add.getByText('Gebruik kleine letters, cijfers en liggende streepjes', { exact: false })).toBeVisible();
  await expect(add.getByLabel('Code', { exact: true })).toHaveAttribute('aria-invalid', 'true');

  // A code that is taken (a 409 naming the field): at the code field.
  const taken = (await admin.get<S['CoverageTable']>('/api/v1/billing/coverage')).items[0]!.code;
  await add.getByLabel('Code', { exact: true }).fill(taken);
  await add.getByRole('button', { name: 'Onderwerp toevoegen' }).click();
  await expect(add.getByText('Een ander onderwerp heeft deze code.')).toBeVisible();

  const billing = page.getByRole('region', { name: 'Facturatie-instellingen' });
  await billing.getByLabel('Btw-tarief (%)').fill('abc');
  await billing.getByRole('button', { name: 'Facturatie-instellingen opslaan' }).click();
  await expect(billing.getByText('Vul een percentage in zoals 21 of 6.')).toBeVisible();
  await billing.getByLabel('Btw-tarief (%)').fill(String(settings.vat_rate_basis_points / 100));
  await billing.getByLabel('Uurtarief zonder contract (EUR, excl. btw)').fill('97,50');
  await billing.getByRole('button', { name: 'Facturatie-instellingen opslaan' }).click();
  await expect(billing.getByRole('status').filter({ hasText: 'De facturatie-instellingen zijn opgeslagen.' })).toBeVisible();
  expect((await admin.get<S['BillingSettings']>('/api/v1/billing/settings')).default_hourly_rate_cents).toBe(9750);
  await admin.put('/api/v1/billing/settings', settings);
  await expectNoA11yViolations(page, 'coverage page in Dutch with errors');
});
