import { useTranslation } from 'react-i18next';
import type { Lang } from './index';

/** The current UI language, re-rendering on a switch. */
export function useLang(): Lang {
  const { i18n } = useTranslation();
  return i18n.language === 'nl' ? 'nl' : 'en';
}
