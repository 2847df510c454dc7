import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';

export default function TicketPage() {
  const { t } = useTranslation('tickets');
  return <PageHeader title={t('placeholder')} />;
}
