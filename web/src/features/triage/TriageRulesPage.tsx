import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { AdminNav } from '../admin/AdminNav';

export default function TriageRulesPage() {
  const { t } = useTranslation('triage');
  return (
    <>
      <AdminNav />
      <PageHeader title={t('title')} />
    </>
  );
}
