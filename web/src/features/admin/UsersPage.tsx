import { useTranslation } from 'react-i18next';
import { Card, CardBody } from '../../components/Card';
import { PageHeader } from '../../components/PageHeader';
import { UsersPanel } from './UsersPanel';
import { AdminNav } from './AdminNav';
import './admin.css';

/** /admin/users: every user; staff are invited here, customers from their organisation. */
export default function UsersPage() {
  const { t } = useTranslation('admin');
  return (
    <>
      <AdminNav />
      <PageHeader title={t('users.title')} sub={t('users.sub')} />
      <Card>
        <CardBody>
          <UsersPanel />
        </CardBody>
      </Card>
    </>
  );
}
