import type { Locator, Page } from '@playwright/test';
import { test, expect, apiLogin, DEMO, loginAs, screenshot, expectNoA11yViolations, unique } from './fixtures';
import type { components } from '../src/api/schema';

/**
 * The admin writes a triage rule on /admin/triage: sees a field error from the API next to
 * its field, tries the unsaved rule on a draft ticket and sees it fire and why, saves it; a
 * ticket a customer files afterwards gets the rule's kind and its explanation (API and
 * console). Rules are reordered by dragging and by the keyboard, and the order survives a
 * reload. Everything created here is deleted again, so later specs see the demo rules.
 */

type S = components['schemas'];
const created = new Set<string>();

test.afterAll(async () => {
  const admin = await apiLogin(DEMO.admin);
  for (const id of created) await admin.delete(`/api/v1/triage/rules/${id}`).catch(() => undefined);
  await admin.setLanguage('en');
  await admin.ctx.dispose();
  const jan = await apiLogin(DEMO.agent);
  await jan.setLanguage('en');
  await jan.ctx.dispose();
});

function rulesList(page: Page): Locator {
  return page.getByRole('list', { name: /^(Rules in the order they run|Regels in de volgorde waarin ze lopen)$/ });
}

async function shownOrder(page: Page): Promise<(string | null)[]> {
  return rulesList(page)
    .getByRole('listitem')
    .evaluateAll((items) => items.map((li) => li.getAttribute('aria-label')));
}

async function savedOrder(admin: { get<T>(p: string): Promise<T> }): Promise<string[]> {
  return (await admin.get<S['Rule'][]>('/api/v1/triage/rules')).map((r) => r.name);
}

test('the admin tries a new rule on a draft, saves it, and a customer ticket filed afterwards gets its kind and why', async ({ page, browser, api }) => {
  const admin = await api('admin');
  const tom = await api('customer');
  const name = unique('Maatwerk is een wijziging');
  await loginAs(page, DEMO.admin, { lang: 'en' });
  await page.goto('/admin/triage');
  await expect(page.getByRole('heading', { level: 1, name: 'Triage rules' })).toBeVisible();
  // The demo rules, in words.
  const list = rulesList(page);
  const defect = list.getByRole('listitem', { name: 'Defect words' });
  await expect(defect).toContainText('When the text contains ‘bug’, ‘bugs’');
  await expect(defect).toContainText('→ kind: issue');
  await expect(list.getByRole('listitem', { name: 'Change-request words' })).toContainText('→ kind: change request');

  await page.getByRole('button', { name: 'New rule' }).click();
  const editor = page.getByRole('region', { name: 'New rule' });
  await editor.getByLabel('Name').fill(name);
  // Left empty, the words come back from the API as an error at the words field.
  await editor.getByRole('button', { name: 'Create the rule' }).click();
  const words = editor.getByLabel('Words or phrases');
  await expect(words).toHaveAttribute('aria-invalid', 'true');
  await expect(words).toHaveAccessibleDescription(/Choose or enter at least one\./);
  await expect(editor.getByRole('alert')).toContainText('The rule was not saved');
  expect(await savedOrder(admin)).not.toContain(name);

  await words.fill('maatwerkrapport, custom report');
  await editor.getByLabel('Condition to add').selectOption({ label: "The requester's role is" });
  await editor.getByRole('button', { name: 'Add condition' }).click();
  const role = editor.getByRole('group', { name: "Condition 2: The requester's role is" });
  await role.getByRole('checkbox', { name: 'Customer', exact: true }).check();
  await role.getByRole('checkbox', { name: 'Customer admin' }).check();
  await editor.getByRole('group', { name: 'Action 1: Set the kind' }).getByLabel('Kind').selectOption('change_request');
  await expect(words).not.toHaveAttribute('aria-invalid', 'true');

  // The preview, before saving: the unsaved rule fires, and says why.
  const preview = page.getByRole('region', { name: 'Try on a draft ticket' });
  await expect(preview).toContainText('with your unsaved changes applied');
  await preview.getByLabel('Subject').fill('Maatwerkrapport voor de omzet per filiaal');
  await preview.getByLabel('Description').fill('Graag een rapport met de omzet per filiaal en per week.');
  await preview.getByRole('button', { name: 'Try the rules' }).click();
  const result = preview.getByRole('region', { name: 'Result' });
  await expect(result).toContainText(`Your rule ‘${name}’ fires on this ticket.`);
  await expect(result.getByRole('definition').first()).toHaveText('change request');
  const why = result.getByRole('list', { name: 'Why' });
  await expect(why).toContainText(`kind set to change request by rule '${name}' — matched 'maatwerkrapport' in the subject; requester is a customer`);
  // As an agent would file it, the rule does not fire.
  await preview.getByLabel("Requester's role").selectOption('agent');
  await preview.getByRole('button', { name: 'Try the rules' }).click();
  await expect(result).toContainText(`Your rule ‘${name}’ does not fire on this ticket.`);
  await preview.getByLabel("Requester's role").selectOption('customer');
  await preview.getByRole('button', { name: 'Try the rules' }).click();
  await expect(result).toContainText(`Your rule ‘${name}’ fires on this ticket.`);
  expect(await savedOrder(admin), 'the preview saved nothing').not.toContain(name);
  await expectNoA11yViolations(page, 'triage editor with a preview');
  await screenshot(page, 'admin-triage-editor');

  const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/triage/rules') && r.request().method() === 'POST');
  await editor.getByRole('button', { name: 'Create the rule' }).click();
  const answer = await saved;
  expect(answer.status()).toBe(201);
  created.add(((await answer.json()) as S['Rule']).id);
  await expect(page.getByRole('status').filter({ hasText: `The rule ‘${name}’ is saved.` })).toBeVisible();
  const mine = list.getByRole('listitem', { name });
  await expect(mine).toContainText(
    'When the text contains ‘maatwerkrapport’ or ‘custom report’ and the requester is a customer or a customer admin → kind: change request',
  );
  expect((await savedOrder(admin)).at(-1)).toBe(name);

  // A customer files a question afterwards: the rule sets the kind and says why.
  const ticket = await tom.post<S['TicketWithDecisions']>('/api/v1/tickets', {
    subject: unique('Maatwerkrapport voor de omzet'),
    description: 'Kunnen jullie een maatwerkrapport maken met de omzet per filiaal?',
  });
  expect(ticket.ticket.kind).toBe('change_request');
  const jan = await api('agent');
  const detail = await jan.get<S['TicketDetail']>(`/api/v1/tickets/${ticket.ticket.reference}`);
  expect(detail.triage?.rule_name).toBe(name);
  expect(detail.triage?.explanation).toContain(`kind set to change request by rule '${name}'`);
  expect(detail.triage?.explanation).toContain("matched 'maatwerkrapport' in the subject");

  // And the agent reads it on the ticket page.
  const agentContext = await browser.newContext({ baseURL: process.env.LOKET_E2E_URL, locale: 'en-GB', timezoneId: 'Europe/Brussels' });
  const agentPage = await agentContext.newPage();
  await loginAs(agentPage, DEMO.agent, { lang: 'en', next: `/console/tickets/${ticket.ticket.reference}` });
  const decision = agentPage.getByRole('region', { name: 'What the rules decided' });
  await expect(decision.getByText(`Rule “${name}”`)).toBeVisible();
  await expect(decision.getByText(detail.triage!.explanation)).toBeVisible();
  await agentContext.close();

  // Disabled, the rule no longer fires; deleted after a confirmation.
  await mine.getByRole('switch', { name: `‘${name}’ is enabled` }).uncheck();
  await expect(mine).toContainText('Off');
  await expect.poll(async () => (await admin.get<S['Rule'][]>('/api/v1/triage/rules')).find((r) => r.name === name)?.enabled).toBe(false);
  await mine.getByRole('button', { name: `Delete ‘${name}’` }).click();
  const dialog = page.getByRole('dialog', { name: `Delete the rule ‘${name}’?` });
  await dialog.getByRole('button', { name: 'Delete the rule' }).click();
  await expect(page.getByRole('status').filter({ hasText: `The rule ‘${name}’ is deleted.` })).toBeVisible();
  await expect(mine).toHaveCount(0);
  expect(await savedOrder(admin)).not.toContain(name);
});

test('rules are reordered by dragging and by the keyboard, in one call each, and the order survives a reload', async ({ page, api }) => {
  const admin = await api('admin');
  const before = await admin.get<S['Rule'][]>('/api/v1/triage/rules');
  const last = before.at(-1)?.position ?? 0;
  // Disabled, so that no other spec's ticket is sorted by them.
  const make = async (label: string, position: number) => {
    const r = await admin.post<S['Rule']>('/api/v1/triage/rules', {
      name: unique(label),
      enabled: false,
      position,
      conditions: [{ type: 'text_contains_any', words: ['volgordetest'] }],
      actions: [{ type: 'set_impact', impact: 'low' }],
    });
    created.add(r.id);
    return r;
  };
  const a = await make('Eerste', last + 10);
  const b = await make('Tweede', last + 20);
  const demo = before.map((r) => r.name);
  expect(await savedOrder(admin)).toEqual([...demo, a.name, b.name]);

  await loginAs(page, DEMO.admin, { lang: 'en' });
  await page.goto('/admin/triage');
  const list = rulesList(page);
  await expect.poll(() => shownOrder(page)).toEqual([...demo, a.name, b.name]);

  // Drag the second onto the first: one PUT of the whole order.
  const orders: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/v1/triage/rules') && r.method() === 'PUT') orders.push(r.url());
  });
  const dragged = page.waitForResponse((r) => r.url().endsWith('/api/v1/triage/rules/order') && r.request().method() === 'PUT');
  await list.getByRole('listitem', { name: b.name }).getByRole('button', { name: new RegExp(`^Move ‘${b.name}’ \\(now`) }).dragTo(list.getByRole('listitem', { name: a.name }));
  expect((await dragged).status()).toBe(200);
  expect(orders).toEqual([expect.stringMatching(/\/api\/v1\/triage\/rules\/order$/)]);
  await expect.poll(() => shownOrder(page)).toEqual([...demo, b.name, a.name]);
  await page.reload();
  await expect.poll(() => shownOrder(page)).toEqual([...demo, b.name, a.name]);
  expect(await savedOrder(admin)).toEqual([...demo, b.name, a.name]);

  // The keyboard: the handle takes the arrow keys.
  const handle = list.getByRole('listitem', { name: a.name }).getByRole('button', { name: new RegExp(`^Move ‘${a.name}’ \\(now`) });
  await handle.focus();
  const keyed = page.waitForResponse((r) => r.url().endsWith('/api/v1/triage/rules/order') && r.request().method() === 'PUT');
  await page.keyboard.press('ArrowUp');
  expect((await keyed).status()).toBe(200);
  await expect.poll(() => shownOrder(page)).toEqual([...demo, a.name, b.name]);
  await expect(page.getByText(`‘${a.name}’ moved to place ${demo.length + 1} of ${demo.length + 2}.`)).toBeAttached();
  // The buttons do the same.
  const down = page.waitForResponse((r) => r.url().endsWith('/api/v1/triage/rules/order'));
  await list.getByRole('button', { name: `Move ‘${a.name}’ down` }).click();
  expect((await down).status()).toBe(200);
  await page.reload();
  await expect.poll(() => shownOrder(page)).toEqual([...demo, b.name, a.name]);
  const positions = (await admin.get<S['Rule'][]>('/api/v1/triage/rules')).map((r) => r.position);
  expect(positions).toEqual(positions.map((_, i) => (i + 1) * 10));
  await expect(list.getByRole('listitem', { name: a.name })).toContainText('Off');
  await expectNoA11yViolations(page, 'triage rules list');
  await screenshot(page, 'admin-triage-list');

  for (const r of [a, b]) {
    await admin.delete(`/api/v1/triage/rules/${r.id}`);
    created.delete(r.id);
  }
  expect(await savedOrder(admin)).toEqual(demo);
});

for (const lang of ['nl', 'en'] as const) {
  for (const width of [1280, 375]) {
    test(`the triage screen in ${lang} at ${width} px: the rules in words, editing one with a preview`, async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
      await loginAs(page, DEMO.admin, { lang });
      await page.goto('/admin/triage');
      const nl = lang === 'nl';
      const list = rulesList(page);
      await expect(list.getByRole('listitem', { name: 'Defect words' })).toContainText(nl ? 'Als de tekst ‘bug’' : 'When the text contains ‘bug’');
      await list.getByRole('button', { name: nl ? '‘Defect words’ bewerken' : 'Edit ‘Defect words’' }).click();
      const editor = page.getByRole('region', { name: nl ? '‘Defect words’ bewerken' : 'Edit ‘Defect words’' });
      await editor.getByRole('switch', { name: nl ? /^Actief/ : /^Enabled/ }).uncheck();
      const preview = page.getByRole('region', { name: nl ? 'Uitproberen op een proefticket' : 'Try on a draft ticket' });
      await preview.getByLabel(nl ? 'Onderwerp' : 'Subject').fill('Het programma crasht bij het afdrukken');
      await preview.getByRole('button', { name: nl ? 'Regels uitproberen' : 'Try the rules' }).click();
      // Disabled in the draft, the defect rule no longer makes it an issue.
      await expect(preview.getByRole('region', { name: nl ? 'Resultaat' : 'Result' })).toContainText(
        nl ? 'Uw regel ‘Defect words’ grijpt niet in bij dit ticket.' : 'Your rule ‘Defect words’ does not fire on this ticket.',
      );
      await expectNoA11yViolations(page, `triage screen ${lang} ${width}`);
      await screenshot(page, 'admin-triage');
      // Nothing was saved.
      await editor.getByRole('button', { name: nl ? 'Annuleren' : 'Cancel' }).click();
      await expect(list.getByRole('listitem', { name: 'Defect words' })).toContainText(nl ? 'Aan' : 'On');
    });
  }
}
