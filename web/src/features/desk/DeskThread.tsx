import { useTranslation } from 'react-i18next';
import { AttachmentList } from '../../components/AttachmentList';
import type { Attachment } from '../../components/attachments';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { Skeleton } from '../../components/Spinner';
import { formatDateTime, formatRelative } from '../../i18n/format';
import { useLang } from '../../i18n/useLang';
import { useAttachments, useComments, type Comment } from './api';

/**
 * The whole thread as staff see it: public replies and internal notes. An internal note says
 * so in words (its label and its accessible name) and looks unlike a reply (hatched amber,
 * lock), so it can never be taken for something the customer has read.
 */
export function DeskThread({ reference }: { reference: string }) {
  const { t } = useTranslation('desk');
  const lang = useLang();
  const comments = useComments(reference);
  const attachments = useAttachments(reference);

  if (comments.isPending) return <Skeleton lines={4} />;
  if (comments.isError) return <ErrorState error={comments.error} title={t('thread.error')} onRetry={() => void comments.refetch()} />;
  if (!comments.data.length) return <EmptyState title={t('thread.empty')} icon="✉" />;

  const filesOf = (id: string): Attachment[] => (attachments.data ?? []).filter((a) => a.comment_id === id);
  const authorOf = (c: Comment) => (c.author_id ? (c.author_name ?? t('thread.unknown')) : t('thread.loket'));

  return (
    <ol className="desk-thread">
      {comments.data.map((c) => {
        const name = authorOf(c);
        const when = formatDateTime(c.created_at, lang);
        const files = filesOf(c.id);
        return (
          <li key={c.id} className={`desk-msg ${c.internal ? 'desk-msg-internal' : c.author_is_staff ? 'desk-msg-staff' : 'desk-msg-customer'}`}>
            <article aria-label={t(c.internal ? 'thread.articleInternal' : 'thread.articlePublic', { name, when })}>
              <header className="desk-msg-head">
                <span className="desk-msg-who">
                  <span className="desk-msg-author">{name}</span>
                  <span className="desk-msg-role">
                    {c.author_id ? t(c.author_is_staff ? 'thread.staff' : 'thread.customer') : t('thread.rule')}
                  </span>
                </span>
                <time className="small muted" dateTime={c.created_at} title={formatRelative(c.created_at, lang)}>
                  {when}
                </time>
              </header>
              <p className={`desk-msg-visibility ${c.internal ? 'is-internal' : 'is-public'}`}>
                {c.internal && <span className="desk-lock" aria-hidden="true" />}
                <strong>{t(c.internal ? 'thread.internal' : 'thread.public')}</strong>
                <span> — {t(c.internal ? 'thread.internalHint' : 'thread.publicHint')}</span>
              </p>
              <div className="desk-msg-body prewrap">{c.body}</div>
              {files.length > 0 && (
                <div className="desk-msg-files">
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
