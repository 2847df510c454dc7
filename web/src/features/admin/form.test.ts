import { describe, expect, it } from 'vitest';
import i18n, { i18nReady } from '../../i18n';
import { ApiProblem, type FieldError } from '../../api/problem';
import { fieldMessage, formProblem } from './form';
import { tokenFrom } from './AcceptInvitationPage';
import { invitationLink } from './UsersPanel';

const problem422 = (errors: FieldError[]) =>
  new ApiProblem({ status: 422, code: 'validation_failed', title: 'Unprocessable', detail: 'invalid', fieldErrors: errors });

describe('the API field errors of the admin forms', () => {
  it('puts each message at its field, in the UI language, and keeps the API words for unknown codes', async () => {
    await i18nReady;
    await i18n.changeLanguage('nl');
    const t = i18n.t.bind(i18n);
    const p = formProblem(t, problem422([
      { field: 'reason', code: 'blank', message: 'must not be blank' },
      { field: 'hourly_rate_cents', code: 'range', message: 'must be at most 1000000' },
      { field: 'elsewhere', code: 'ticket_not_visible', message: 'something odd' },
    ]), ['reason', 'rate'], { hourly_rate_cents: 'rate' });
    expect(p.byField.reason).toBe('Dit mag niet leeg zijn.');
    expect(p.byField.rate).toBe('Buiten het toegelaten bereik (must be at most 1000000).');
    expect(p.form).toBe('elsewhere: something odd');
    await i18n.changeLanguage('en');
    expect(fieldMessage(i18n.t.bind(i18n), { code: 'blank', message: 'must not be blank' })).toBe('This cannot be empty.');
  });

  it('puts a 409 about a taken value at its field, in the form\'s own words', async () => {
    await i18nReady;
    await i18n.changeLanguage('en');
    const t = i18n.t.bind(i18n);
    const taken = new ApiProblem({
      status: 409,
      code: 'conflict',
      title: 'Conflict',
      detail: 'another organisation has this VAT number',
      fieldErrors: [{ field: 'vat_number', code: 'taken', message: 'another organisation has this VAT number' }],
    });
    expect(formProblem(t, taken, ['name', 'vat_number'], {}, { vat_number: 'VAT taken' })).toEqual({ byField: { vat_number: 'VAT taken' }, form: null });
  });

  it('words other failures for the whole form', async () => {
    await i18nReady;
    await i18n.changeLanguage('en');
    const t = i18n.t.bind(i18n);
    const conflict = new ApiProblem({ status: 409, code: 'conflict', title: 'Conflict', detail: 'the organisation still has users' });
    expect(formProblem(t, conflict, ['name'])).toEqual({ byField: {}, form: 'the organisation still has users' });
    expect(formProblem(t, new Error('boom'), []).form).toBe(i18n.t('common:error.unexpected'));
  });
});

describe('the invitation link', () => {
  it('carries the secret in the fragment, and the accept page reads it back', () => {
    const link = invitationLink('inv_a+b/c', 'https://loket.example');
    expect(link).toBe('https://loket.example/invitation#token=inv_a%2Bb%2Fc');
    const url = new URL(link);
    expect(tokenFrom(url.hash, url.search)).toBe('inv_a+b/c');
    expect(tokenFrom('', '?token=xyz')).toBe('xyz');
    expect(tokenFrom('', '')).toBeNull();
  });
});
