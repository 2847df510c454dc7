import i18n, { type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';
import nl from './nl.json';
import en from './en.json';
import { setApiLanguage } from '../api/client';

export type Lang = 'nl' | 'en';
export const LANGS: readonly Lang[] = ['nl', 'en'];
const STORAGE_KEY = 'loket.language';

/**
 * Every feature's strings: `src/features/<feature>/i18n/{nl,en}.json` become namespace
 * `<feature>` (bundled, so a language switch is instant). The shared strings are `common`.
 */
const featureFiles = import.meta.glob<{ default: Record<string, unknown> }>(
  '../features/*/i18n/*.json',
  { eager: true },
);

export function buildResources(): Resource {
  const resources: Resource = { nl: { common: nl }, en: { common: en } };
  for (const [path, mod] of Object.entries(featureFiles)) {
    const m = /features\/([^/]+)\/i18n\/(nl|en)\.json$/.exec(path);
    if (!m) continue;
    const [, ns, lang] = m as unknown as [string, string, Lang];
    (resources[lang] ??= {})[ns] = mod.default;
  }
  return resources;
}

export function isLang(v: unknown): v is Lang {
  return v === 'nl' || v === 'en';
}

/** The remembered choice, else the browser's language, else English. */
export function initialLanguage(): Lang {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLang(stored)) return stored;
  } catch {
    /* storage may be unavailable */
  }
  for (const l of globalThis.navigator?.languages ?? []) {
    const base = l.toLowerCase().split('-')[0];
    if (isLang(base)) return base;
  }
  return 'en';
}

export function rememberLanguage(lang: Lang) {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* ignore */
  }
}

function applyLanguage(lang: string) {
  const l: Lang = isLang(lang) ? lang : 'en';
  setApiLanguage(l);
  if (typeof document !== 'undefined') document.documentElement.lang = l;
}

i18n.on('languageChanged', applyLanguage);

export const i18nReady = i18n.use(initReactI18next).init({
  resources: buildResources(),
  lng: initialLanguage(),
  fallbackLng: 'en',
  supportedLngs: ['nl', 'en'],
  defaultNS: 'common',
  fallbackNS: 'common',
  ns: ['common', ...new Set(Object.keys(featureFiles).map((p) => p.split('/')[2] ?? ''))],
  interpolation: { escapeValue: false },
  returnNull: false,
  showSupportNotice: false,
  react: { useSuspense: false },
});
applyLanguage(i18n.language);

export function currentLang(): Lang {
  return isLang(i18n.language) ? i18n.language : 'en';
}

export default i18n;
