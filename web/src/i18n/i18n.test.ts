import { describe, expect, it } from 'vitest';
import i18n, { buildResources, i18nReady } from './index';

function keys(obj: unknown, prefix = ''): string[] {
  if (typeof obj !== 'object' || obj === null) return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}
/** `wait_one` and `wait_other` are one key in every language (plural forms differ per language). */
const base = (k: string) => k.replace(/_(zero|one|two|few|many|other)$/, '');

describe('translations', () => {
  const resources = buildResources();
  const namespaces = new Set([...Object.keys(resources.nl ?? {}), ...Object.keys(resources.en ?? {})]);

  it('has the common namespace and every feature namespace in both languages', () => {
    expect(namespaces.has('common')).toBe(true);
    expect(namespaces.has('auth')).toBe(true);
    expect(namespaces.has('tickets')).toBe(true);
    for (const ns of namespaces) {
      expect(resources.nl?.[ns], `nl is missing namespace ${ns}`).toBeDefined();
      expect(resources.en?.[ns], `en is missing namespace ${ns}`).toBeDefined();
    }
  });

  it.each([...new Set([...Object.keys(buildResources().nl ?? {}), ...Object.keys(buildResources().en ?? {})])])(
    'namespace %s has the same keys in nl and en',
    (ns) => {
      const nl = new Set(keys(resources.nl?.[ns]).map(base));
      const en = new Set(keys(resources.en?.[ns]).map(base));
      expect([...nl].filter((k) => !en.has(k)), `in nl but not in en (${ns})`).toEqual([]);
      expect([...en].filter((k) => !nl.has(k)), `in en but not in nl (${ns})`).toEqual([]);
    },
  );

  it('has no empty strings', () => {
    for (const lang of ['nl', 'en'] as const) {
      for (const ns of namespaces) {
        const flat = keys(resources[lang]?.[ns]);
        for (const k of flat) {
          const v = k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)?.[p], resources[lang]?.[ns]);
          expect(typeof v === 'string' && v.trim().length > 0, `${lang}:${ns}:${k} is empty`).toBe(true);
        }
      }
    }
  });

  it('falls back to English for a key missing in Dutch at runtime', async () => {
    await i18nReady;
    i18n.addResource('en', 'common', 'onlyInEnglish', 'Only in English');
    await i18n.changeLanguage('nl');
    expect(i18n.t('onlyInEnglish')).toBe('Only in English');
    expect(i18n.t('nav.myTickets')).toBe('Mijn tickets');
    // a feature namespace falls back to common, then to English
    expect(i18n.t('auth:nav.myTickets')).toBe('Mijn tickets');
    await i18n.changeLanguage('en');
    expect(i18n.t('nav.myTickets')).toBe('My tickets');
  });

  it('uses plural forms in both languages', async () => {
    await i18nReady;
    await i18n.changeLanguage('en');
    expect(i18n.t('auth:locked.wait', { count: 14 })).toBe('Too many failed attempts. Try again in 14 minutes.');
    expect(i18n.t('auth:locked.wait', { count: 1 })).toBe('Too many failed attempts. Try again in 1 minute.');
    await i18n.changeLanguage('nl');
    expect(i18n.t('auth:locked.wait', { count: 14 })).toBe('Te veel mislukte pogingen. Probeer opnieuw over 14 minuten.');
    await i18n.changeLanguage('en');
  });

  it('sets the lang attribute of the page', async () => {
    await i18n.changeLanguage('nl');
    expect(document.documentElement.lang).toBe('nl');
    await i18n.changeLanguage('en');
    expect(document.documentElement.lang).toBe('en');
  });
});
