import { useId, useState, type FormEvent } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isApiProblem, mapFieldErrors } from '../../api/problem';
import { useUser } from '../../api/useSession';
import { Alert } from '../../components/Alert';
import { Button, ButtonLink } from '../../components/Button';
import { Card, CardBody, CardHeader } from '../../components/Card';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { TextArea } from '../../components/Field';
import { PageHeader } from '../../components/PageHeader';
import { PageLoading, Skeleton } from '../../components/Spinner';
import { formatDate, formatDateTime } from '../../i18n/format';
import { useLang } from '../../i18n/useLang';
import { useAddComment, useArticle, useArticleComments, type Article } from './api';
import { LockIcon } from './LockIcon';
import { checkComment, COMMENT_MAX, pickTranslation, sentence } from './translation';
import './kb.css';

export default function KbArticlePage() {
  const { slug = '' } = useParams();
  const { t } = useTranslation('kb');
  const lang = useLang();
  const article = useArticle(slug);
  const user = useUser();
  const location = useLocation();

  if (article.isPending) return <PageLoading />;
  if (article.isError) {
    const e = article.error;
    if (isApiProblem(e) && (e.status === 404 || e.status === 400)) {
      return (
        <>
          <PageHeader title={t('article.notFoundTitle')} />
          <EmptyState
            title={t('article.notFoundTitle')}
            icon="?"
            action={
              <div className="row kb-notfound-actions">
                <ButtonLink to="/kb">{t('article.back')}</ButtonLink>
                {!user && (
                  <ButtonLink variant="secondary" to={`/login?next=${encodeURIComponent(location.pathname)}`}>
                    {t('article.login')}
                  </ButtonLink>
                )}
              </div>
            }
          >
            {t('article.notFound')} {!user && t('article.loginToRead')}
          </EmptyState>
        </>
      );
    }
    return (
      <>
        <PageHeader title={t('title')} />
        <ErrorState error={e} onRetry={() => void article.refetch()} title={t('article.error')} />
      </>
    );
  }

  const a = article.data;
  const picked = pickTranslation(a.translations, lang);
  if (!picked) {
    return (
      <>
        <PageHeader title={t('title')} />
        <EmptyState title={t('article.noText')} icon="?" action={<ButtonLink to="/kb">{t('article.back')}</ButtonLink>} />
      </>
    );
  }
  const { translation: tr, fallback } = picked;

  return (
    <>
      <p className="breadcrumb">
        <Link to="/kb">← {t('article.back')}</Link>
      </p>
      <PageHeader
        title={<span lang={tr.language}>{tr.title}</span>}
        docTitle={tr.title}
        sub={
          <span className="kb-article-meta">
            <span>{t('updated', { date: formatDate(a.updated_at, lang) })}</span>
            {a.tags.length > 0 && (
              <span className="kb-article-tags">
                <span className="visually-hidden">{t('tags.ofArticle')}: </span>
                {a.tags.map((x) => (
                  <Link key={x} className="kb-tag-link" to={`/kb?tag=${encodeURIComponent(x)}`}>
                    #{x}
                  </Link>
                ))}
              </span>
            )}
          </span>
        }
      />
      <div className="stack">
        {fallback && (
          <Alert tone="info" live={false}>
            <p>{t(`fallback.long.${tr.language}`)}</p>
          </Alert>
        )}
        <Card>
          <CardBody>
            {/* The API sanitises the HTML (body_html: "sanitised HTML, ready to show"). */}
            <div className="kb-prose" lang={tr.language} dangerouslySetInnerHTML={{ __html: tr.body_html }} />
          </CardBody>
        </Card>
        <Comments article={a} />
      </div>
    </>
  );
}

function Comments({ article }: { article: Article }) {
  const { t } = useTranslation('kb');
  const lang = useLang();
  const user = useUser();
  const comments = useArticleComments(article.slug);
  // The API's reason when it refused a comment (the article closed while the form was open).
  const [refusal, setRefusal] = useState<string | null>(null);
  const visible = (comments.data ?? []).filter((c) => !c.hidden);
  const count = visible.length;

  return (
    <Card aria-labelledby="kb-comments">
      <CardHeader
        id="kb-comments"
        title={comments.isSuccess && count > 0 ? t('comments.titleCount', { count }) : t('comments.title')}
      />
      <CardBody>
        <div className="stack">
          {comments.isPending ? (
            <Skeleton lines={3} />
          ) : comments.isError ? (
            <ErrorState error={comments.error} onRetry={() => void comments.refetch()} title={t('comments.error')} />
          ) : count === 0 ? (
            article.comments_open ? <p className="muted">{t('comments.none')}</p> : null
          ) : (
            <ol className="kb-comments">
              {visible.map((c) => (
                <li key={c.id} className={`kb-comment${c.author_id === user?.id ? ' kb-comment-own' : ''}`}>
                  <p className="kb-comment-head">
                    <strong>{c.author_id === user?.id ? t('comments.you', { name: user.display_name }) : t('comments.reader')}</strong>
                    <span className="muted small">
                      <time dateTime={c.created_at}>{formatDateTime(c.created_at, lang)}</time>
                    </span>
                  </p>
                  <p className="prewrap kb-comment-body">{c.body}</p>
                </li>
              ))}
            </ol>
          )}
          {refusal !== null || !article.comments_open ? (
            <ClosedNotice reason={refusal ?? undefined} />
          ) : user ? (
            <CommentForm slug={article.slug} onRefused={setRefusal} />
          ) : (
            <LoginToComment />
          )}
        </div>
      </CardBody>
    </Card>
  );
}

function ClosedNotice({ reason }: { reason?: string }) {
  const { t } = useTranslation('kb');
  return (
    <div className="kb-closed" role="status">
      <span className="kb-closed-icon">
        <LockIcon />
      </span>
      <div>
        <p className="kb-closed-title">{t('comments.closed')}</p>
        <p className="small">{reason ?? t('comments.closedHint')}</p>
      </div>
    </div>
  );
}

function LoginToComment() {
  const { t } = useTranslation('kb');
  const location = useLocation();
  const next = encodeURIComponent(location.pathname + location.search);
  return (
    <div className="kb-login">
      <p>{t('comments.loginHint')}</p>
      <ButtonLink to={`/login?next=${next}`} variant="secondary">
        {t('comments.login')}
      </ButtonLink>
    </div>
  );
}

function CommentForm({ slug, onRefused }: { slug: string; onRefused: (reason: string) => void }) {
  const { t } = useTranslation('kb');
  const add = useAddComment(slug);
  const [body, setBody] = useState('');
  const [clientError, setClientError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const formId = useId();

  const problem = add.error && isApiProblem(add.error) ? add.error : null;
  const fieldError = problem && problem.status === 422 ? (mapFieldErrors(problem, ['body']).byField.body ?? problem.detail) : undefined;
  const otherError = add.isError && problem?.status !== 409 && !fieldError ? add.error : null;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setSent(false);
    const check = checkComment(body);
    if (check) {
      setClientError(t(`form.${check}`, { max: COMMENT_MAX }));
      return;
    }
    setClientError(null);
    add.mutate(body, {
      onSuccess: () => {
        setBody('');
        setSent(true);
      },
      onError: (err) => {
        // 409: closed for comments; the API says why, in the UI language.
        if (isApiProblem(err) && err.status === 409) onRefused(sentence(err.detail || err.title));
      },
    });
  };

  const error = clientError ?? fieldError;
  return (
    <form className="stack-sm" onSubmit={onSubmit} noValidate aria-labelledby={`${formId}-title`}>
      <h3 id={`${formId}-title`} className="kb-form-title">
        {t('form.title')}
      </h3>
      <TextArea
        label={t('form.label')}
        hint={t('form.hint', { max: COMMENT_MAX })}
        value={body}
        maxLength={COMMENT_MAX}
        required
        rows={4}
        error={error ?? undefined}
        onChange={(e) => {
          setBody(e.target.value);
          if (clientError) setClientError(null);
          if (sent) setSent(false);
        }}
      />
      {otherError ? <ErrorState error={otherError} title={t('form.failed')} /> : null}
      {sent && (
        <Alert tone="success">
          <p>{t('form.sent')}</p>
        </Alert>
      )}
      <div className="row">
        <Button type="submit" busy={add.isPending}>
          {add.isPending ? t('form.sending') : t('form.submit')}
        </Button>
      </div>
    </form>
  );
}
