import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { useUser } from '../../api/useSession';
import { Card, CardBody } from '../../components/Card';
import { PageHeader } from '../../components/PageHeader';
import { adminKeys } from './keys';
import { UsersPanel } from './UsersPanel';
import './admin.css';
import { OrgNav } from '../organization/OrgNav';

/**
 * /organization/users: a customer admin manages their own organisation's users (the API
 * limits them to it: listing, inviting and changing others is refused or not found).
 */
export default function MyUsersPage() {
  const { t } = useTranslation('admin');
  const orgId = useUser()?.organization_id ?? '';
  const org = useQuery({
    queryKey: adminKeys.organization(orgId),
    enabled: !!orgId,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/organizations/{id}', { params: { path: { id: orgId } }, signal })),
  });
  const name = org.data?.name ?? '';
  return (
    <>
      <OrgNav />
      <PageHeader eyebrow={name || '\u00a0'} title={t('users.title')} sub={name ? t('users.subOrg', { org: name }) : undefined} />
      <Card>
        <CardBody>{orgId && <UsersPanel orgId={orgId} orgName={name} />}</CardBody>
      </Card>
    </>
  );
}
