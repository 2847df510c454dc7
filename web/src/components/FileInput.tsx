import { useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBytes } from '../i18n/format';
import { useLang } from '../i18n/useLang';
import { Button } from './Button';
import { describedBy } from './Field';

interface FileInputProps {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  files: File[];
  onChange: (files: File[]) => void;
  accept?: string;
  disabled?: boolean;
}

/** Several files, each listed with its size and type, removable one by one. */
export function FileInput({ label, hint, error, files, onChange, accept, disabled }: FileInputProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="field">
      <span className="field-label" id={`${id}-label`}>
        {label}
        <span className="field-optional"> ({t('form.optional')})</span>
      </span>
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <div className="file-drop" data-invalid={error ? 'true' : undefined}>
        {/* The native input stays focusable (keyboard, screen readers); its button is ours, in the UI language. */}
        <input
          ref={input}
          id={id}
          className="file-native"
          type="file"
          multiple
          accept={accept}
          disabled={disabled}
          aria-labelledby={`${id}-label`}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, hint, error)}
          onChange={(e) => {
            const picked = Array.from(e.target.files ?? []);
            if (picked.length) onChange([...files, ...picked]);
            e.target.value = '';
          }}
        />
        <div className="row">
          <label htmlFor={id} className="btn btn-secondary btn-sm file-pick" aria-hidden="true">
            {files.length ? t('files.addMore') : t('files.choose')}
          </label>
          {!files.length && <span className="small muted">{t('files.none')}</span>}
        </div>
        {files.length > 0 && (
          <ul className="file-list" aria-label={t('files.chosen')}>
            {files.map((f, i) => (
              <li className="file-item" key={`${f.name}-${i}`}>
                <span className="file-item-name">{f.name}</span>
                <span className="file-item-meta">
                  {formatBytes(f.size, lang)} · {f.type || t('files.unknownType')}
                </span>
                <Button
                  variant="ghost"
                  size="sm"
                  disabled={disabled}
                  onClick={() => onChange(files.filter((_, j) => j !== i))}
                  aria-label={t('files.remove', { name: f.name })}
                >
                  {t('files.removeShort')}
                </Button>
              </li>
            ))}
          </ul>
        )}
      </div>
      {error && (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
