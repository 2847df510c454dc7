import type { Page } from '@playwright/test';
import { test, expect, DEMO, apiLogin, loginAs, screenshot, expectNoA11yViolations, unique } from './fixtures';

/**
 * Every portal page of the ticket part, in Dutch and English, at 1280 and 375 px: a
 * screenshot each (e2e/screenshots/), and one axe scan per page and language.
 */
const LANGS = ['en', 'nl'] as const;
const WIDTHS = [1280, 375] as const;

let reference = '';

test.beforeAll(async () => {
  const an = await apiLogin(DEMO.customerAdmin);
  const t = await an.createTicket({
    subject: 'Label printer prints half labels',
    description: 'Since the update the label printer in the bakery prints only the top half of each label.\nModel: Zebra GK420d.',
    urgency: 'high',
  });
  reference = t.reference;
  await an.reply(reference, 'It happens with every label layout, also the test print.');
  const agent = await apiLogin(DEMO.agent);
  await agent.reply(reference, 'Thank you. Could you send a photo of a printed label? We will plan a remote session.');
  await agent.bookAppointment(reference, { mode: 'remote', note: 'Remote session: printer driver settings' });
  await an.ctx.dispose();
  await agent.ctx.dispose();
});

async function shoot(page: Page, name: string, lang: string, width: number, axe: boolean) {
  await screenshot(page, name);
  if (axe && width === 1280) await expectNoA11yViolations(page, `${name} (${lang})`);
}

for (const lang of LANGS) {
  for (const width of WIDTHS) {
    test(`portal pages in ${lang} at ${width} px`, async ({ page }) => {
      await page.setViewportSize({ width, height: width === 375 ? 740 : 860 });

      // Login page (before logging in; the switch sets the language).
      await page.goto('/login');
      await page.getByRole('button', { name: lang === 'nl' ? 'Nederlands' : 'English' }).click();
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await shoot(page, 'login', lang, width, true);

      await loginAs(page, DEMO.customerAdmin, { lang });
      await expect(page.getByRole('table')).toBeVisible();
      await shoot(page, 'my-tickets', lang, width, true);

      if (width === 375) {
        await page.getByRole('button', { name: 'Menu' }).click();
        await screenshot(page, 'menu-open');
        await page.getByRole('button', { name: 'Menu' }).click();
      }

      await page.goto(`/tickets/${reference}`);
      await expect(page.getByRole('heading', { level: 1, name: 'Label printer prints half labels' })).toBeVisible();
      await expect(page.getByText(/Thank you. Could you send a photo/)).toBeVisible();
      await shoot(page, 'ticket', lang, width, true);

      await page.goto('/tickets/2026-999999');
      await expect(page.getByRole('heading', { level: 1, name: lang === 'nl' ? 'Dit ticket bestaat niet' : 'This ticket does not exist' })).toBeVisible();
      await shoot(page, 'ticket-not-found', lang, width, true);

      await page.goto('/tickets/new');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(lang === 'nl' ? 'Een nieuwe vraag stellen' : 'Ask a new question');
      // Show the client checks too.
      await page.getByRole('button', { name: lang === 'nl' ? 'Mijn vraag versturen' : 'Send my question' }).click();
      await expect(page.getByText(lang === 'nl' ? 'Geef uw vraag een onderwerp.' : 'Give your question a subject.')).toBeVisible();
      await shoot(page, 'new-question', lang, width, true);

      await page.getByLabel(lang === 'nl' ? 'Onderwerp' : 'Subject').fill(unique(lang === 'nl' ? 'Nieuwe layout pakbon' : 'New delivery note layout'));
      await page.getByLabel(lang === 'nl' ? 'Uw vraag' : 'Your question').fill(lang === 'nl' ? 'Graag een nieuwe layout voor de pakbon.' : 'Please make a new layout for the delivery note.');
      await page.getByLabel(lang === 'nl' ? /Waarover gaat het/ : /What is it about/).selectOption({ index: 2 });
      await page.getByRole('button', { name: lang === 'nl' ? 'Mijn vraag versturen' : 'Send my question' }).click();
      await expect(page.getByLabel(lang === 'nl' ? 'Uw referentienummer' : 'Your reference number')).toHaveText(/^\d{4}-\d{6}$/);
      await shoot(page, 'question-created', lang, width, true);
    });
  }
}

test('the staff landing page in both languages', async ({ page }) => {
  for (const lang of LANGS) {
    await loginAs(page, DEMO.agent2, { lang });
    await expect(page).toHaveURL(/\/console$/);
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 700 });
      await shoot(page, 'staff-console', lang, width, true);
    }
    await page.context().clearCookies();
  }
});

test("at 1280 px each role's main menu fits in the header beside the language switch, in both languages", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  for (const who of [DEMO.customer, DEMO.customerAdmin, DEMO.agent, DEMO.admin]) {
    for (const lang of LANGS) {
      await loginAs(page, who, { lang });
      const links = page.getByRole('navigation', { name: lang === 'nl' ? 'Hoofdmenu' : 'Main' }).getByRole('link');
      await expect(links.first()).toBeVisible();
      const last = await links.last().boundingBox();
      const tools = await page.locator('.header-tools').boundingBox();
      expect(last, `${who} (${lang}): the last menu entry is shown`).not.toBeNull();
      expect(last!.x + last!.width, `${who} (${lang}): the menu ends before the header's tools`).toBeLessThanOrEqual(tools!.x);
      await page.context().clearCookies();
    }
  }
});
