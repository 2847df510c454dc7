import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { describe, expect, it } from 'vitest';
import i18n, { i18nReady } from '../i18n';
import { formatDateTime } from '../i18n/format';
import { businessDuration, pressingTarget, SlaBadge, type SlaFields } from './SlaBadge';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const base: SlaFields = {
  first_response_due_at: '2026-03-02T13:30:00Z',
  resolution_due_at: '2026-03-04T15:00:00Z',
  sla_breached: false,
  sla_at_risk: false,
  sla_paused_since: null,
  first_response_due_in: 130,
  resolution_due_in: 900,
};

function render(ticket: SlaFields): HTMLElement {
  const el = document.createElement('div');
  act(() => createRoot(el).render(<SlaBadge ticket={ticket} />));
  return el;
}

describe('businessDuration', () => {
  it('says the business time from now in words, both ways, in both languages', async () => {
    await i18nReady;
    await i18n.changeLanguage('en');
    const t = i18n.t.bind(i18n);
    expect(businessDuration(130, t)).toBe('in 2 h 10 business minutes');
    expect(businessDuration(121, t)).toBe('in 2 h 1 business minute');
    expect(businessDuration(45, t)).toBe('in 45 business minutes');
    expect(businessDuration(180, t)).toBe('in 3 business hours');
    expect(businessDuration(60, t)).toBe('in 1 business hour');
    expect(businessDuration(0, t)).toBe('due now');
    expect(businessDuration(-25, t)).toBe('25 business minutes overdue');
    expect(businessDuration(-70, t)).toBe('1 h 10 business minutes overdue');
    await i18n.changeLanguage('nl');
    expect(businessDuration(130, i18n.t.bind(i18n))).toBe('over 2 u 10 werkminuten');
    expect(businessDuration(-1, i18n.t.bind(i18n))).toBe('1 werkminuut te laat');
    await i18n.changeLanguage('en');
  });
});

describe('pressingTarget', () => {
  it('is the first response until it is met, then the resolution, then nothing', () => {
    expect(pressingTarget(base)?.target).toBe('firstResponse');
    expect(pressingTarget({ ...base, first_response_due_in: null })).toEqual({ target: 'resolution', dueAt: base.resolution_due_at, dueIn: 900 });
    expect(pressingTarget({ ...base, first_response_due_in: null, resolution_due_in: null })).toBeNull();
  });
});

describe('SlaBadge', () => {
  it('shows the due time in words with the exact time (Brussels, with the weekday) for hover and screen readers', async () => {
    await i18nReady;
    await i18n.changeLanguage('en');
    const el = render(base);
    expect(el.textContent).toContain('First response in 2 h 10 business minutes');
    // 13:30 UTC on Monday 2 March 2026 is 14:30 in Brussels.
    const exact = `Due ${formatDateTime(base.first_response_due_at, 'en')}`;
    expect(exact).toMatch(/Mon.*14:30/);
    expect(el.querySelector('[title]')?.getAttribute('title')).toBe(exact);
    expect(el.querySelector('time')?.textContent).toBe(exact);
  });

  it('says breached and at risk in words', async () => {
    await i18nReady;
    await i18n.changeLanguage('en');
    expect(render({ ...base, sla_breached: true, first_response_due_in: -25 }).textContent).toMatch(/^Breached.*25 business minutes overdue/);
    expect(render({ ...base, sla_at_risk: true }).textContent).toMatch(/^At risk/);
    expect(render({ ...base, first_response_due_in: null, resolution_due_in: null, sla_paused_since: '2026-03-02T10:00:00Z' }).textContent).toBe(
      'Paused: waiting on the customer',
    );
  });
});
