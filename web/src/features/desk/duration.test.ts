import { beforeAll, describe, expect, it } from 'vitest';
import i18n, { i18nReady } from '../../i18n';
import { durationWords } from './duration';

describe('durationWords', () => {
  beforeAll(async () => {
    await i18nReady;
  });
  it('says minutes, hours, or both, in the language', async () => {
    await i18n.changeLanguage('en');
    expect(durationWords(45, i18n.t)).toBe('45 business minutes');
    expect(durationWords(1, i18n.t)).toBe('1 business minute');
    expect(durationWords(240, i18n.t)).toBe('4 business hours');
    expect(durationWords(90, i18n.t)).toBe('1 h 30 business minutes');
    await i18n.changeLanguage('nl');
    expect(durationWords(60, i18n.t)).toBe('1 werkuur');
    expect(durationWords(90, i18n.t)).toBe('1 u 30 werkminuten');
    await i18n.changeLanguage('en');
  });
  it('never goes below zero', () => {
    expect(durationWords(-5, i18n.t)).toBe('0 business minutes');
  });
});
