import { useTranslation } from 'react-i18next';
import { useUser } from '../../api/useSession';
import { AttachmentList } from '../../components/AttachmentList';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { Skeleton } from '../../components/Spinner';
import { formatDateTime, formatRelative } from '../../i18n/format';
import { useLang } from '../../i18n/useLang';
import { useAttachments, useComments, type Attachment, type Comment } from './api';

/** The public thread: the API never gives customers internal notes. */
export function Thread({ reference }: { reference: string }) {
  const { t } = useTranslation('tickets');
  const lang = useLang();
  const user = useUser();
  const comments = useComments(reference);
  const attachments = useAttachments(reference);

  if (comments.isPending) return <Skeleton lines={4} />;
  if (comments.isError) return <ErrorState error={comments.error} title={t('thread.error')} onRetry={() => void comments.refetch()} />;

  const visible = comments.data.filter((c) => !c.internal);
  if (!visible.length) return <EmptyState title={t('thread.empty')} icon="✉" />;

  const filesOf = (commentId: string): Attachment[] => (attachments.data ?? []).filter((a) => a.comment_id === commentId);

  const author = (c: Comment): { name: string; kind: 'own' | 'colleague' | 'staff' | 'system' } => {
    if (!c.author_id) return { name: t('thread.system'), kind: 'system' };
    if (c.author_id === user?.id) return { name: t('thread.youName', { name: user.display_name }), kind: 'own' };
    if (c.author_is_staff) return { name: c.author_name ?? t('thread.staff'), kind: 'staff' };
    return { name: c.author_name ?? t('thread.colleague'), kind: 'colleague' };
  };

  return (
    <ol className="thread">
      {visible.map((c) => {
        const a = author(c);
        const files = filesOf(c.id);
        return (
          <li key={c.id} className={`msg ${a.kind === 'staff' || a.kind === 'system' ? 'msg-staff' : ''} ${a.kind === 'own' ? 'msg-own' : ''}`}>
            <article aria-label={`${a.name}, ${formatDateTime(c.created_at, lang)}`}>
              <header className="msg-head">
                <span>
                  <span className="msg-author">{a.name}</span>
                  {a.kind === 'colleague' && <span className="msg-role">{t('thread.colleague')}</span>}
                  {a.kind === 'staff' && <span className="msg-role">{t('thread.staff')}</span>}
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
