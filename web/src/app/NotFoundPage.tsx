import { useTranslation } from 'react-i18next';
import { ButtonLink } from '../components/Button';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';

export default function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('error.notFoundTitle')} />
      <EmptyState title={t('error.notFound')} icon="?" action={<ButtonLink to="/">{t('action.home')}</ButtonLink>} />
    </>
  );
}
