import { useTranslation } from 'react-i18next';
import { useUser } from '../../api/useSession';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { Skeleton } from '../../components/Spinner';
import { formatDateTime, formatRelative } from '../../i18n/format';
import { useLang } from '../../i18n/useLang';
import { useAttachments, useComments, useOrgUsers, type Attachment } from './api';
import { AttachmentList } from './Attachments';

/** The public thread: the API never gives customers internal notes. */
export function Thread({ reference }: { reference: string }) {
  const { t } = useTranslation('tickets');
  const lang = useLang();
  const user = useUser();
  const comments = useComments(reference);
  const attachments = useAttachments(reference);
  const users = useOrgUsers(user?.organization_id, user?.role === 'customer_admin');

  if (comments.isPending) return <Skeleton lines={4} />;
  if (comments.isError) return <ErrorState error={comments.error} title={t('thread.error')} onRetry={() => void comments.refetch()} />;

  const visible = comments.data.filter((c) => !c.internal);
  if (!visible.length) return <EmptyState title={t('thread.empty')} icon="✉" />;

  const filesOf = (commentId: string): Attachment[] => (attachments.data ?? []).filter((a) => a.comment_id === commentId);

  const author = (id: string | null | undefined): { name: string; kind: 'own' | 'colleague' | 'staff' | 'system' } => {
    if (!id) return { name: t('thread.system'), kind: 'system' };
    if (id === user?.id) return { name: t('thread.youName', { name: user.display_name }), kind: 'own' };
    const colleague = users.data?.items.find((u) => u.id === id);
    if (colleague) return { name: colleague.display_name, kind: 'colleague' };
    return { name: t('thread.staff'), kind: 'staff' };
  };

  return (
    <ol className="thread">
      {visible.map((c) => {
        const a = author(c.author_id);
        const files = filesOf(c.id);
        return (
          <li key={c.id} className={`msg ${a.kind === 'staff' || a.kind === 'system' ? 'msg-staff' : ''} ${a.kind === 'own' ? 'msg-own' : ''}`}>
            <article aria-label={`${a.name}, ${formatDateTime(c.created_at, lang)}`}>
              <header className="msg-head">
                <span>
                  <span className="msg-author">{a.name}</span>
                  {a.kind === 'colleague' && <span className="msg-role">{t('thread.colleague')}</span>}
                </span>
                <time className="small muted" dateTime={c.created_at} title={formatRelative(c.created_at, lang)}>
                  {formatDateTime(c.created_at, lang)}
                </time>
              </header>
              <div className="msg-body prewrap">{c.body}</div>
              {files.length > 0 && (
                <div className="msg-files">
                  <AttachmentList reference={reference} files={files} />
                </div>
              )}
            </article>
          </li>
        );
      })}
    </ol>
  );
}
