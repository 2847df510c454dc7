import { useTranslation } from 'react-i18next';
import { useUser } from '../../api/useSession';
import { Card, CardBody } from '../../components/Card';
import { PageHeader } from '../../components/PageHeader';

/** Staff land here until the agent console (part 2) exists. */
export default function StaffLandingPage() {
  const { t } = useTranslation('auth');
  const user = useUser();
  return (
    <>
      <PageHeader title={t('staff.title')} sub={t('staff.sub', { name: user?.display_name ?? '' })} />
      <Card>
        <CardBody>
          <p>{t('staff.body')}</p>
          <p>
            <a href="/api/docs/">{t('staff.docs')}</a>
          </p>
        </CardBody>
      </Card>
    </>
  );
}
