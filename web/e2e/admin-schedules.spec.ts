import { test, expect, apiLogin, DEMO, loginAs, expectNoA11yViolations } from './fixtures';
import type { components } from '../src/api/schema';

/**
 * Weekly hours (a split day added, the editor's own checks and the API's next to the field)
 * and the SLA targets per priority (the API's rule that resolution is at least the first
 * response, next to the right cell). Everything is put back afterwards.
 */

type S = components['schemas'];
let phone: S['ScheduleView'] | null = null;
let policies: S['SlaPolicy'][] | null = null;

test.afterAll(async () => {
  const admin = await apiLogin(DEMO.admin);
  if (phone) {
    const { name, time_zone, belgian_holidays, christmas_closure, weekly_hours } = phone;
    await admin.put('/api/v1/schedules/phone', { name, time_zone, belgian_holidays, christmas_closure, weekly_hours });
  }
  if (policies) await admin.put('/api/v1/sla/policies', { policies });
  await admin.setLanguage('en');
  await admin.ctx.dispose();
});

test('the admin adds Saturday morning hours to the phone line; bad times and a blank name are refused at the field', async ({ page, api }) => {
  const admin = await api('admin');
  phone = await admin.get<S['ScheduleView']>('/api/v1/schedules/phone');
  expect(phone.weekly_hours.saturday ?? []).toEqual([]);
  await loginAs(page, DEMO.admin, { lang: 'en' });
  await page.goto('/admin/schedules');
  await page.getByRole('button', { name: phone.name }).click();
  const hours = page.getByRole('region', { name: `Weekly hours of ${phone.name}` });
  await expect(hours).toBeVisible();
  const saturday = hours.getByRole('group', { name: 'Saturday', exact: true });
  await expect(saturday.getByText('Closed')).toBeVisible();
  await saturday.getByRole('button', { name: 'Add hours on Saturday' }).click();
  const morning = saturday.getByRole('group', { name: 'Saturday, interval 1' });
  await expect(morning.getByLabel('Saturday 1: Opens')).toHaveValue('08:30');
  // A closing time before the opening time: the editor says so at the field and sends nothing.
  await morning.getByLabel('Saturday 1: Opens').fill('11:00');
  await morning.getByLabel('Saturday 1: Closes').fill('10:00');
  await hours.getByRole('button', { name: 'Save the hours' }).click();
  await expect(morning.getByText('The closing time must come after the opening time.')).toBeVisible();
  await expect(morning.getByLabel('Saturday 1: Closes')).toHaveAttribute('aria-invalid', 'true');
  await morning.getByLabel('Saturday 1: Opens').fill('9:00');
  await morning.getByLabel('Saturday 1: Closes').fill('12:00');
  // A blank name: the API's message at the name field.
  const name = hours.getByLabel('Name', { exact: true });
  await name.fill('   ');
  await hours.getByRole('button', { name: 'Save the hours' }).click();
  await expect(hours.getByText('This cannot be empty.')).toBeVisible();
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await name.fill(phone.name);
  await hours.getByRole('button', { name: 'Save the hours' }).click();
  await expect(hours.getByRole('status').filter({ hasText: `The hours of ${phone.name} are saved.` })).toBeVisible();
  const saved = await admin.get<S['ScheduleView']>('/api/v1/schedules/phone');
  expect(saved.weekly_hours.saturday).toEqual([{ start: '09:00', end: '12:00' }]);
  expect(saved.weekly_hours.monday).toEqual(phone.weekly_hours.monday);
  await expectNoA11yViolations(page, 'hours editor');
});

test('SLA targets: a resolution shorter than the first response is refused at that cell; a valid change is saved', async ({ page, api }) => {
  const admin = await api('admin');
  policies = await admin.get<S['SlaPolicy'][]>('/api/v1/sla/policies');
  const critical = policies.find((p) => p.priority === 'critical')!;
  await loginAs(page, DEMO.admin, { lang: 'nl' });
  await page.goto('/admin/schedules');
  const sla = page.getByRole('region', { name: 'SLA-doelen per prioriteit' });
  const resolution = sla.getByLabel('Oplossing voor Kritiek, werkminuten');
  await expect(resolution).toHaveValue(String(critical.resolution_minutes));
  await resolution.fill(String(critical.first_response_minutes - 1));
  await sla.getByRole('button', { name: 'SLA-doelen opslaan' }).click();
  await expect(sla.getByText('De oplostijd moet minstens even lang zijn als de eerste reactie.')).toBeVisible();
  await expect(resolution).toHaveAttribute('aria-invalid', 'true');
  await resolution.fill('abc');
  await sla.getByRole('button', { name: 'SLA-doelen opslaan' }).click();
  await expect(sla.getByText('Vul een geheel aantal minuten in, 1 tot 100.000.')).toBeVisible();
  await resolution.fill(String(critical.resolution_minutes + 60));
  await expect(sla.getByText(`= ${(critical.resolution_minutes + 60) / 60} werkuren`)).toBeVisible();
  await sla.getByRole('button', { name: 'SLA-doelen opslaan' }).click();
  await expect(sla.getByRole('status').filter({ hasText: 'De SLA-doelen zijn opgeslagen.' })).toBeVisible();
  const now = await admin.get<S['SlaPolicy'][]>('/api/v1/sla/policies');
  expect(now.find((p) => p.priority === 'critical')?.resolution_minutes).toBe(critical.resolution_minutes + 60);
  await expectNoA11yViolations(page, 'SLA targets in Dutch');
});
