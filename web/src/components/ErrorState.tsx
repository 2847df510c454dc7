import { useTranslation } from 'react-i18next';
import { isApiProblem } from '../api/problem';
import { Alert } from './Alert';
import { Button } from './Button';

/** An error in words, with a retry where it makes sense. */
export function ErrorState({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const { t } = useTranslation();
  const detail = isApiProblem(error)
    ? error.code === 'network'
      ? t('error.network')
      : error.detail || error.title
    : t('error.unexpected');
  return (
    <Alert tone="danger" title={title ?? t('error.title')}>
      <p>{detail}</p>
      {onRetry && (
        <Button variant="secondary" size="sm" onClick={onRetry}>
          {t('action.retry')}
        </Button>
      )}
    </Alert>
  );
}
