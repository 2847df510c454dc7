import { test, expect, apiLogin, DEMO, loginAs, PASSWORD, screenshot, expectNoA11yViolations, unique } from './fixtures';
import type { components } from '../src/api/schema';

/**
 * Setting up a new customer: the admin creates an organisation (the API's VAT check next to
 * the field), gives it a contract and renews it, invites a customer administrator; the
 * invitee opens the link in another browser, chooses a password (the API's password rules
 * next to the field) and is logged in; later they log in with it.
 */

type S = components['schemas'];

/** A valid Belgian VAT number nobody has: BE0 + seven digits + 97 - (the eight digits mod 97). */
function freshVat(): string {
  const n = 1_000_000 + Math.floor(Math.random() * 8_999_999);
  return `BE0${n}${String(97 - (n % 97)).padStart(2, '0')}`;
}

test.afterAll(async () => {
  const admin = await apiLogin(DEMO.admin);
  await admin.setLanguage('en');
  await admin.ctx.dispose();
});

test('the admin creates an organisation and invites a user; the invitee accepts in another browser and logs in', async ({ page, browser, api }) => {
  const admin = await api('admin');
  const name = unique('Slagerij Test');
  const email = `eva.${Date.now().toString(36)}@slagerij-test.example`;
  await loginAs(page, DEMO.admin, { lang: 'en' });
  await page.goto('/admin');
  await expect(page).toHaveURL(/\/admin\/organizations$/);

  // Create the organisation; a wrong VAT number is refused next to its field.
  await page.getByRole('button', { name: 'New organisation' }).click();
  const create = page.getByRole('dialog', { name: 'New organisation' });
  await create.getByLabel('Name').fill(name);
  await create.getByLabel(/^VAT number/).fill('BE0123');
  await create.getByRole('button', { name: 'Save' }).click();
  await expect(create.getByLabel(/^VAT number/)).toHaveAttribute('aria-invalid', 'true');
  await expect(create.getByText(/Belgian VAT number like BE0417497106/)).toBeVisible();
  // Bakkerij Peeters' number is taken.
  await create.getByLabel(/^VAT number/).fill('BE 0417.497.106');
  await create.getByRole('button', { name: 'Save' }).click();
  await expect(create.getByText('Another organisation already has this VAT number.')).toBeVisible();
  const vat = freshVat();
  await create.getByLabel(/^VAT number/).fill(`${vat.slice(0, 6)}.${vat.slice(6, 9)}.${vat.slice(9)}`);
  await create.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByText(`Organisation ${name} is created.`)).toBeVisible();
  await expect(page.getByText(vat)).toBeVisible();
  const org = (await admin.get<S['OrganizationPage']>(`/api/v1/organizations?q=${encodeURIComponent(name)}`)).items[0]!;
  expect(org.name).toBe(name);

  // A contract, then its renewal from the day after it ends.
  const contracts = page.getByRole('region', { name: 'Maintenance contracts' });
  await expect(contracts.getByText('No contracts: every intervention is billed.')).toBeVisible();
  await contracts.getByRole('button', { name: 'New contract' }).click();
  const newContract = page.getByRole('dialog', { name: 'New contract' });
  await newContract.getByLabel('Valid from').fill('2026-01-01');
  await newContract.getByLabel('Valid until').fill('2026-12-31');
  await newContract.getByLabel(/^Hourly rate/).fill('90,00');
  await newContract.getByRole('button', { name: 'Save' }).click();
  await expect(contracts.getByRole('status').filter({ hasText: /Contract MC-2026-\d+ is created\./ })).toBeVisible();
  const [first] = (await admin.get<S['ContractPage']>(`/api/v1/contracts?organization=${org.id}`)).items;
  expect(first).toMatchObject({ starts_on: '2026-01-01', ends_on: '2026-12-31', hourly_rate_cents: 9000 });
  await contracts.getByRole('button', { name: `Renew ${first!.number}` }).click();
  const renew = page.getByRole('dialog', { name: `Renew ${first!.number}` });
  await expect(renew.getByLabel('Valid from')).toHaveValue('2027-01-01');
  await expect(renew.getByLabel('Valid until')).toHaveValue('2027-12-31');
  await renew.getByRole('button', { name: 'Renew' }).click();
  await expect(renew).toBeHidden();
  const after = (await admin.get<S['ContractPage']>(`/api/v1/contracts?organization=${org.id}`)).items;
  expect(after.map((c) => [c.starts_on, c.ends_on]).sort()).toEqual([['2026-01-01', '2026-12-31'], ['2027-01-01', '2027-12-31']]);
  // End the renewal early, then correct its rate.
  const second = after.find((c) => c.starts_on === '2027-01-01')!;
  await contracts.getByRole('button', { name: `End ${second.number}` }).click();
  const end = page.getByRole('dialog', { name: `End ${second.number}` });
  await end.getByLabel('Last day').fill('2027-06-30');
  await end.getByRole('button', { name: 'End' }).click();
  await expect(end).toBeHidden();
  await contracts.getByRole('button', { name: `Edit ${second.number}` }).click();
  const edit = page.getByRole('dialog', { name: `Edit ${second.number}` });
  await expect(edit.getByLabel('Valid until')).toHaveValue('2027-06-30');
  await edit.getByLabel(/^Hourly rate/).fill('12,345');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit.getByText('Enter an amount like 85 or 92.50.')).toBeVisible();
  await edit.getByLabel(/^Hourly rate/).fill('95');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();
  expect(await admin.get<S['Contract']>(`/api/v1/contracts/${second.id}`)).toMatchObject({ ends_on: '2027-06-30', hourly_rate_cents: 9500 });
  await expect(contracts.getByRole('row').filter({ hasText: second.number })).toContainText(/30 June 2027/);

  // An overlapping period is refused in words.
  await contracts.getByRole('button', { name: 'New contract' }).click();
  const overlap = page.getByRole('dialog', { name: 'New contract' });
  await overlap.getByLabel('Valid from').fill('2026-06-01');
  await overlap.getByLabel('Valid until').fill('');
  await overlap.getByRole('button', { name: 'Save' }).click();
  await expect(overlap.getByText(/This period overlaps another contract/)).toBeVisible();
  await overlap.getByRole('button', { name: 'Cancel' }).click();

  // Invite a customer administrator.
  const users = page.getByRole('region', { name: 'Users' });
  await expect(users.getByText('No users')).toBeVisible();
  await users.getByRole('button', { name: 'Invite a user' }).click();
  const invite = page.getByRole('dialog', { name: 'Invite a user' });
  await invite.getByLabel('E-mail address').fill(DEMO.customer);
  await invite.getByLabel('Name').fill('Eva Test');
  await invite.getByLabel('Role').selectOption('customer_admin');
  await invite.getByLabel('Language').selectOption('en');
  await invite.getByRole('button', { name: 'Send invitation' }).click();
  await expect(invite.getByText('Someone already logs in with this e-mail address.')).toBeVisible();
  await invite.getByLabel('E-mail address').fill(email);
  await invite.getByRole('button', { name: 'Send invitation' }).click();
  const done = page.getByRole('dialog', { name: `Invitation for ${email}` });
  await expect(done).toContainText('send this link to Eva Test yourself');
  const link = await done.getByLabel('Invitation link').inputValue();
  expect(link).toMatch(/\/invitation#token=.+/);
  await expectNoA11yViolations(page, 'invitation link');
  await screenshot(page, 'admin-invitation-link');
  await done.getByRole('button', { name: 'Close' }).click();
  const row = users.getByRole('row').filter({ hasText: email });
  await expect(row).toContainText('Invited, not yet accepted');
  await expect(row).toContainText('Customer administrator');

  // The invitee, in another browser: chooses a password and logs in.
  const other = await browser.newContext({ baseURL: process.env.LOKET_E2E_URL, locale: 'en-GB', timezoneId: 'Europe/Brussels' });
  const eva = await other.newPage();
  await eva.goto(link);
  await expect(eva.getByRole('heading', { level: 1, name: 'Choose your password' })).toBeVisible();
  // The API's password rules, next to the field: not the e-mail address.
  await eva.getByLabel('New password').fill(email);
  await eva.getByLabel('Repeat the password').fill(email);
  await eva.getByRole('button', { name: 'Set my password' }).click();
  await expect(eva.getByLabel('New password')).toHaveAttribute('aria-invalid', 'true');
  await expect(eva.getByText(/^Choose another password: /)).toBeVisible();
  await expectNoA11yViolations(eva, 'accept invitation with a refused password');
  await screenshot(eva, 'admin-accept-invitation');
  const password = `${PASSWORD}-eva-${Date.now()}`;
  await eva.getByLabel('New password').fill(password);
  await eva.getByLabel('Repeat the password').fill('something-else-entirely');
  await eva.getByRole('button', { name: 'Set my password' }).click();
  await expect(eva.getByText('The two passwords are not the same.')).toBeVisible();
  await eva.getByLabel('Repeat the password').fill(password);
  await eva.getByRole('button', { name: 'Set my password' }).click();
  // Logged in at once, and the login survives a reload (the refresh cookie).
  await expect(eva).toHaveURL(/\/tickets$/);
  await expect(eva.getByTitle(email)).toContainText('Eva Test');
  await eva.reload();
  await expect(eva).toHaveURL(/\/tickets$/);
  await expect(eva.getByRole('button', { name: 'Log out' })).toBeVisible();
  // As the organisation's administrator, Eva manages its users (only hers).
  await eva.goto('/organization/users');
  await expect(eva.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
  await expect(eva.getByText(email)).toBeVisible();
  await expect(eva.getByText(DEMO.customer)).toHaveCount(0);
  // While logged in, the link does not log her out.
  await eva.goto(link);
  await expect(eva.getByText('You are logged in as Eva Test.', { exact: false })).toBeVisible();
  // She logs out and in again with the password she chose.
  await eva.getByRole('button', { name: 'Log out' }).click();
  await loginAs(eva, email, { password });
  await expect(eva).toHaveURL(/\/tickets$/);
  await eva.getByRole('button', { name: 'Log out' }).click();
  await expect(eva).toHaveURL(/\/login/);
  // The link works once.
  await eva.goto(link);
  await eva.getByLabel('New password').fill(`${password}-2`);
  await eva.getByLabel('Repeat the password').fill(`${password}-2`);
  await eva.getByRole('button', { name: 'Set my password' }).click();
  await expect(eva.getByText('This invitation is unknown or has expired.', { exact: false })).toBeVisible();
  await other.close();

  // The admin sees the user active now, changes their role, and can deactivate them.
  await page.reload();
  await expect(row).toContainText('Active');
  await row.getByRole('button', { name: 'Edit Eva Test' }).click();
  const editUser = page.getByRole('dialog', { name: 'Edit Eva Test' });
  await expect(editUser.getByLabel('Role').locator('option')).toHaveText(['Customer', 'Customer administrator']);
  await editUser.getByLabel('Role').selectOption('customer');
  await editUser.getByLabel('Name').fill(' ');
  await editUser.getByRole('button', { name: 'Save' }).click();
  await expect(editUser.getByText('This cannot be empty.')).toBeVisible();
  await editUser.getByLabel('Name').fill('Eva Test');
  await editUser.getByRole('button', { name: 'Save' }).click();
  await expect(editUser).toBeHidden();
  await expect(row).toContainText('Customer');
  await expect(row).not.toContainText('Customer administrator');
  expect((await admin.userByEmail(email)).role).toBe('customer');
  await row.getByRole('button', { name: 'Deactivate: Eva Test' }).click();
  await expect(users.getByRole('status').filter({ hasText: 'Eva Test is deactivated' })).toBeVisible();
  await expect(row).toContainText('Deactivated');
  expect((await admin.userByEmail(email)).active).toBe(false);
});

test('the invitation page without a token says so', async ({ page }) => {
  await page.goto('/invitation');
  await expect(page.getByText('This link holds no invitation.', { exact: false })).toBeVisible();
  await expectNoA11yViolations(page, 'invitation page without a token');
});
