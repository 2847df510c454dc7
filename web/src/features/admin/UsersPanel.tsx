import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../api/useSession';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { CopyButton } from '../../components/CopyButton';
import { Dialog } from '../../components/Dialog';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { Select, TextField } from '../../components/Field';
import { Skeleton } from '../../components/Spinner';
import { Table, type Column } from '../../components/Table';
import { useDebouncedValue } from '../../components/useDebouncedValue';
import { useInviteUser, useUpdateUser, useUsers, type Role, type User } from './api';
import { formProblem } from './form';

const CUSTOMER_ROLES: Role[] = ['customer', 'customer_admin'];
const STAFF_ROLES: Role[] = ['agent', 'admin'];

/**
 * The users of one organisation (`orgId`), or everyone (staff admins, no `orgId`): search,
 * cursor paging, invite, edit, deactivate. A customer admin gets this with their own
 * organisation; the API allows them nothing else.
 */
export function UsersPanel({ orgId, orgName }: { orgId?: string; orgName?: string }) {
  const { t } = useTranslation('admin');
  const [q, setQ] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const query = useDebouncedValue(q.trim(), 250);
  const users = useUsers({ organization: orgId, q: query, role: role || undefined });
  const [inviting, setInviting] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const me = useUser();
  const update = useUpdateUser();
  const [rowError, setRowError] = useState<string | null>(null);
  const roles = orgId ? CUSTOMER_ROLES : [...STAFF_ROLES, ...CUSTOMER_ROLES];

  const toggle = async (u: User) => {
    setNotice(null);
    setRowError(null);
    try {
      await update.mutateAsync({ id: u.id, body: { active: !u.active } });
      setNotice(t(u.active ? 'users.deactivated' : 'users.reactivated', { name: u.display_name }));
    } catch (e) {
      setRowError(formProblem(t, e, []).form);
    }
  };

  const rows = users.data?.pages.flatMap((p) => p.items) ?? [];
  const columns: Column<User>[] = [
    {
      key: 'name',
      header: t('users.name'),
      label: t('users.name'),
      main: true,
      cell: (u) => (
        <span>
          <strong>{u.display_name}</strong>
          {u.id === me?.id && <span className="muted"> ({t('users.self')})</span>}
          <br />
          <span className="small muted admin-break">{u.email}</span>
        </span>
      ),
    },
    { key: 'role', header: t('users.role'), label: t('users.role'), cell: (u) => t(`roles.${u.role}`) },
    { key: 'lang', header: t('users.language'), label: t('users.language'), cell: (u) => t(`users.langName.${u.language}`) },
    {
      key: 'status',
      header: t('users.status'),
      label: t('users.status'),
      cell: (u) =>
        !u.active ? (
          <Badge tone="neutral">{t('users.inactive')}</Badge>
        ) : !u.has_password ? (
          <Badge tone="info">{t('users.invited')}</Badge>
        ) : (
          <Badge tone="success">{t('users.active')}</Badge>
        ),
    },
    {
      key: 'actions',
      header: <span className="visually-hidden">{t('common.edit')}</span>,
      label: '',
      cell: (u) => (
        <div className="row admin-actions">
          <Button variant="secondary" size="sm" onClick={() => setEditing(u)} aria-label={t('users.editTitle', { name: u.display_name })}>
            {t('common.edit')}
          </Button>
          {u.id !== me?.id && (
            <Button
              variant={u.active ? 'ghost' : 'secondary'}
              size="sm"
              onClick={() => void toggle(u)}
              aria-label={`${t(u.active ? 'users.deactivate' : 'users.reactivate')}: ${u.display_name}`}
            >
              {t(u.active ? 'users.deactivate' : 'users.reactivate')}
            </Button>
          )}
        </div>
      ),
    },
  ];

  return (
    <div className="stack">
      <div className="admin-toolbar">
        <TextField label={t('users.search')} hint={t('users.searchHint')} type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        <Select label={t('users.roleFilter')} value={role} onChange={(e) => setRole(e.target.value as Role | '')}>
          <option value="">{t('users.allRoles')}</option>
          {roles.map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}`)}
            </option>
          ))}
        </Select>
        <div className="admin-toolbar-action">
          <Button onClick={() => setInviting(true)}>{t('users.invite')}</Button>
        </div>
      </div>
      {!orgId && <p className="small muted">{t('users.inviteStaffOnly')}</p>}
      {notice && <Alert tone="success">{notice}</Alert>}
      {rowError && <Alert tone="danger" title={t('common.formError')}><p>{rowError}</p></Alert>}
      {users.isPending ? (
        <Skeleton lines={4} />
      ) : users.isError ? (
        <ErrorState error={users.error} title={t('users.error')} onRetry={() => void users.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title={query ? t('users.noMatch', { q: query }) : t('users.empty')} />
      ) : (
        <>
          <Table caption={orgName ? `${t('users.caption')}: ${orgName}` : t('users.caption')} columns={columns} rows={rows} rowKey={(u) => u.id} />
          {users.hasNextPage && (
            <div>
              <Button variant="secondary" busy={users.isFetchingNextPage} onClick={() => void users.fetchNextPage()}>
                {users.isFetchingNextPage ? t('common.loadingMore') : t('common.loadMore')}
              </Button>
            </div>
          )}
        </>
      )}
      <RolesExplained roles={roles} />
      {inviting && <InviteDialog orgId={orgId} roles={orgId ? CUSTOMER_ROLES : STAFF_ROLES} onClose={() => setInviting(false)} />}
      {editing && (
        <EditUserDialog
          user={editing}
          roles={editing.organization_id ? CUSTOMER_ROLES : STAFF_ROLES}
          isSelf={editing.id === me?.id}
          onClose={(saved) => {
            if (saved) setNotice(t('users.updated', { name: saved }));
            setEditing(null);
          }}
        />
      )}
    </div>
  );
}

export function RolesExplained({ roles }: { roles: readonly Role[] }) {
  const { t } = useTranslation('admin');
  return (
    <section className="admin-roles" aria-labelledby="admin-roles-title">
      <h2 id="admin-roles-title" className="admin-h3">
        {t('roles.title')}
      </h2>
      <dl className="admin-roles-list">
        {roles.map((r) => (
          <div key={r}>
            <dt>{t(`roles.${r}`)}</dt>
            <dd>{t(`roles.help.${r}`)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

interface InviteForm {
  email: string;
  display_name: string;
  role: Role;
  language: 'nl' | 'en';
}

/** The link the invitee opens; the secret travels in the fragment, which never reaches a server log. */
export function invitationLink(token: string, origin = globalThis.location?.origin ?? ''): string {
  return `${origin}/invitation#token=${encodeURIComponent(token)}`;
}

function InviteDialog({ orgId, roles, onClose }: { orgId: string | undefined; roles: Role[]; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const invite = useInviteUser();
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState<{ email: string; name: string; link: string } | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<InviteForm>({
    defaultValues: { email: '', display_name: '', role: roles[0] ?? 'customer', language: 'nl' },
  });
  const fields = ['email', 'display_name', 'role', 'language', 'organization_id'];
  const onSubmit = handleSubmit(async (v) => {
    setFormError(null);
    try {
      const created = await invite.mutateAsync({
        email: v.email.trim(),
        display_name: v.display_name.trim(),
        role: v.role,
        language: v.language,
        ...(orgId ? { organization_id: orgId } : {}),
      });
      setDone({ email: created.user.email, name: created.user.display_name, link: invitationLink(created.invitation_token ?? '') });
    } catch (e) {
      const p = formProblem(t, e, fields, {}, { email: t('invite.emailTaken') });
      for (const [f, m] of Object.entries(p.byField)) setError(f as keyof InviteForm, { message: m });
      setFormError(p.form);
    }
  });
  const e = formState.errors;
  return (
    <Dialog open onClose={onClose} title={done ? t('invite.doneTitle', { email: done.email }) : t('invite.title')}>
      {done ? (
        <div className="stack">
          <Alert tone="success">{t('invite.doneBody', { name: done.name })}</Alert>
          <TextField label={t('invite.link')} readOnly value={done.link} onFocus={(ev) => ev.currentTarget.select()} />
          <div className="dialog-actions">
            <CopyButton text={done.link} label={t('invite.copy')} />
            <Button onClick={onClose}>{t('common.close')}</Button>
          </div>
        </div>
      ) : (
        <form className="stack" noValidate onSubmit={onSubmit}>
          <p className="muted small">{t('invite.intro')}</p>
          {formError && <Alert tone="danger" title={t('common.formError')}><p>{formError}</p></Alert>}
          <TextField
            label={t('users.email')}
            type="email"
            autoComplete="off"
            error={e.email?.message}
            {...register('email', { required: t('fieldError.required') })}
          />
          <TextField label={t('users.name')} error={e.display_name?.message} {...register('display_name', { required: t('fieldError.required') })} />
          <Select label={t('users.role')} error={e.role?.message} {...register('role')}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </Select>
          <Select label={t('users.language')} error={e.language?.message} {...register('language')}>
            <option value="nl">{t('users.langName.nl')}</option>
            <option value="en">{t('users.langName.en')}</option>
          </Select>
          <div className="dialog-actions">
            <Button variant="secondary" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" busy={formState.isSubmitting}>
              {t('invite.submit')}
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

interface EditForm {
  display_name: string;
  role: Role;
  language: 'nl' | 'en';
}

function EditUserDialog({ user, roles, isSelf, onClose }: { user: User; roles: Role[]; isSelf: boolean; onClose: (savedName?: string) => void }) {
  const { t } = useTranslation('admin');
  const update = useUpdateUser();
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<EditForm>({
    defaultValues: { display_name: user.display_name, role: user.role, language: user.language },
  });
  const onSubmit = handleSubmit(async (v) => {
    setFormError(null);
    try {
      const body = {
        display_name: v.display_name,
        language: v.language,
        ...(v.role !== user.role ? { role: v.role } : {}),
      };
      const saved = await update.mutateAsync({ id: user.id, body });
      onClose(saved.display_name);
    } catch (e) {
      const p = formProblem(t, e, ['display_name', 'role', 'language']);
      for (const [f, m] of Object.entries(p.byField)) setError(f as keyof EditForm, { message: m });
      setFormError(p.form);
    }
  });
  const e = formState.errors;
  return (
    <Dialog open onClose={() => onClose()} title={t('users.editTitle', { name: user.display_name })}>
      <form className="stack" noValidate onSubmit={onSubmit}>
        <p className="small muted admin-break">{user.email}</p>
        {formError && <Alert tone="danger" title={t('common.formError')}><p>{formError}</p></Alert>}
        <TextField label={t('users.name')} error={e.display_name?.message} {...register('display_name')} />
        <Select label={t('users.role')} error={e.role?.message} disabled={isSelf} {...register('role')}>
          {roles.map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}`)}
            </option>
          ))}
        </Select>
        <Select label={t('users.language')} error={e.language?.message} {...register('language')}>
          <option value="nl">{t('users.langName.nl')}</option>
          <option value="en">{t('users.langName.en')}</option>
        </Select>
        <div className="dialog-actions">
          <Button variant="secondary" onClick={() => onClose()}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" busy={formState.isSubmitting}>
            {t('common.save')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
