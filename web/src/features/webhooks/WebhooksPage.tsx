import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { AdminNav } from '../admin/AdminNav';

export default function WebhooksPage() {
  const { t } = useTranslation('webhooks');
  return (
    <>
      <AdminNav />
      <PageHeader title={t('title')} />
    </>
  );
}
