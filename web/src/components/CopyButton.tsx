import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './Button';

export function CopyButton({ text, label }: { text: string; label?: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <Button
      variant="secondary"
      size="sm"
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text);
        } catch {
          /* no clipboard (insecure context): the text is still selectable */
        }
        setCopied(true);
        setTimeout(() => setCopied(false), 2000);
      }}
    >
      {copied ? t('copy.done') : (label ?? t('copy.action'))}
      <span className="visually-hidden" aria-live="polite">
        {copied ? t('copy.done') : ''}
      </span>
    </Button>
  );
}
