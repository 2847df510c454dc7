import { useTranslation } from 'react-i18next';
import { LANGS } from '../i18n';
import { switchLanguage } from '../i18n/language';

const NAMES = { nl: 'Nederlands', en: 'English' } as const;
const SHORT = { nl: 'NL', en: 'EN' } as const;

/** Two toggle buttons, each named in its own language. */
export function LanguageSwitch({ long = false }: { long?: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="lang-switch" role="group" aria-label={t('language.label')}>
      {LANGS.map((l) => (
        <button
          key={l}
          type="button"
          className="lang-btn"
          lang={l}
          aria-pressed={i18n.language === l}
          aria-label={NAMES[l]}
          onClick={() => void switchLanguage(l)}
        >
          {long ? NAMES[l] : SHORT[l]}
        </button>
      ))}
    </div>
  );
}
