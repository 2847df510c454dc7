import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { useUser } from '../../api/useSession';
import { isApiProblem } from '../../api/problem';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { TextField } from '../../components/Field';
import { PageHeader } from '../../components/PageHeader';
import { acceptInvitation } from './api';
import { formProblem } from './form';
import './admin.css';

/** The invitation secret from the link's fragment (`#token=…`), or its query (`?token=…`). */
export function tokenFrom(hash: string, search: string): string | null {
  for (const part of [hash.replace(/^#/, ''), search.replace(/^\?/, '')]) {
    const v = new URLSearchParams(part).get('token');
    if (v) return v;
  }
  return null;
}

interface Form {
  password: string;
  repeat: string;
}

/**
 * /invitation#token=…: the invitee chooses a password (the API's rules come back as the
 * field's message) and is logged in (the refresh token in the HttpOnly cookie, as at login).
 */
export default function AcceptInvitationPage() {
  const { t } = useTranslation('admin');
  const location = useLocation();
  const token = tokenFrom(location.hash, location.search);
  const [formError, setFormError] = useState<string | null>(null);
  const navigate = useNavigate();
  const { register, handleSubmit, setError, getValues, formState } = useForm<Form>({ defaultValues: { password: '', repeat: '' } });
  const onSubmit = handleSubmit(async (v) => {
    if (!token) return;
    setFormError(null);
    try {
      const user = await acceptInvitation({ invitation_token: token, password: v.password });
      // Logged in (the session starts with the answer): to their home page.
      if (user) navigate('/', { replace: true });
    } catch (e) {
      if (isApiProblem(e) && e.status === 401) {
        setFormError(t('accept.expired'));
        return;
      }
      const p = formProblem(t, e, ['password']);
      for (const [f, m] of Object.entries(p.byField)) setError(f as keyof Form, { message: m });
      setFormError(p.form);
    }
  });
  const e = formState.errors;
  const user = useUser();
  // Someone already logged in in this browser is not the invitee: say so rather than log them out.
  if (user && !formState.isSubmitSuccessful && !formState.isSubmitting) {
    return (
      <div className="admin-narrow">
        <PageHeader title={t('accept.title')} />
        <Alert tone="warning">{t('accept.loggedIn', { name: user.display_name })}</Alert>
      </div>
    );
  }
  if (user) return <Navigate to="/" replace />;
  return (
    <div className="admin-narrow">
      <PageHeader title={t('accept.title')} sub={t('accept.intro')} />
      {!token ? (
        <Alert tone="warning">{t('accept.noToken')}</Alert>
      ) : (
        <form className="stack card card-body" noValidate onSubmit={onSubmit}>
          {formError && <Alert tone="danger" title={t('common.formError')}><p>{formError}</p></Alert>}
          <TextField
            label={t('accept.password')}
            hint={t('accept.passwordHint')}
            type="password"
            autoComplete="new-password"
            error={e.password?.message}
            {...register('password', { required: t('accept.required'), minLength: { value: 12, message: t('accept.tooShort') } })}
          />
          <TextField
            label={t('accept.repeat')}
            type="password"
            autoComplete="new-password"
            error={e.repeat?.message}
            {...register('repeat', { validate: (r) => r === getValues('password') || t('accept.mismatch') })}
          />
          <div>
            <Button type="submit" busy={formState.isSubmitting}>
              {t('accept.submit')}
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}
