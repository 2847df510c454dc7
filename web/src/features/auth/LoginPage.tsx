import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isApiProblem, mapFieldErrors } from '../../api/problem';
import { useSession } from '../../api/useSession';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { TextField } from '../../components/Field';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { minutesFromSeconds } from '../../i18n/format';
import { login } from './api';
import { safeNext } from './next';
import './auth.css';

interface Form {
  email: string;
  password: string;
}

export default function LoginPage() {
  const { t } = useTranslation('auth');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { user, expired } = useSession();
  const next = safeNext(params.get('next'));
  const [formError, setFormError] = useState<{ title: string; text: string } | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<Form>({ defaultValues: { email: '', password: '' } });

  if (user) return <Navigate to={next ?? '/'} replace />;

  const onSubmit = handleSubmit(async ({ email, password }) => {
    setFormError(null);
    try {
      await login(email.trim(), password);
      navigate(next ?? '/', { replace: true });
    } catch (e) {
      if (!isApiProblem(e)) {
        setFormError({ title: t('error.title'), text: t('common:error.unexpected') });
        return;
      }
      if (e.status === 429) {
        const minutes = e.retryAfter != null ? minutesFromSeconds(e.retryAfter) : null;
        setFormError({
          title: t('locked.title'),
          text: minutes != null ? t('locked.wait', { count: minutes }) : e.detail,
        });
      } else if (e.status === 401) {
        setFormError({ title: t('error.title'), text: t('error.wrong') });
      } else if (e.status === 422) {
        const { byField, rest } = mapFieldErrors(e, ['email', 'password']);
        for (const [f, m] of Object.entries(byField)) setError(f as keyof Form, { message: m });
        if (rest.length) setFormError({ title: t('error.title'), text: rest.map((r) => r.message).join(' ') });
      } else {
        setFormError({ title: t('error.title'), text: e.code === 'network' ? t('common:error.network') : e.detail });
      }
    }
  });

  return (
    <main id="main" className="auth-page">
      <div className="auth-card card">
        <div className="card-body stack">
          <div>
            <p className="auth-brand" aria-hidden="true">
              <span className="brand-mark">L</span> {t('common:app.name')}
            </p>
            <h1>{t('title')}</h1>
            <p className="muted">{t('intro')}</p>
          </div>
          {expired && !formError && <Alert tone="info">{t('expired')}</Alert>}
          {formError && (
            <Alert tone="danger" title={formError.title}>
              <p>{formError.text}</p>
            </Alert>
          )}
          <form className="stack" noValidate onSubmit={onSubmit}>
            <TextField
              label={t('email')}
              type="email"
              autoComplete="username"
              inputMode="email"
              error={errors.email?.message}
              {...register('email', {
                required: t('emailRequired'),
                maxLength: { value: 254, message: t('emailInvalid') },
                pattern: { value: /^[^\s@]+@[^\s@]+$/, message: t('emailInvalid') },
              })}
            />
            <TextField
              label={t('password')}
              type="password"
              autoComplete="current-password"
              error={errors.password?.message}
              {...register('password', {
                required: t('passwordRequired'),
                maxLength: { value: 1024, message: t('passwordTooLong') },
              })}
            />
            <Button type="submit" block busy={isSubmitting}>
              {isSubmitting ? t('submitting') : t('submit')}
            </Button>
          </form>
          <p className="small muted">{t('help')}</p>
        </div>
      </div>
      <LanguageSwitch long />
    </main>
  );
}
