import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBytes } from '../i18n/format';
import { useLang } from '../i18n/useLang';
import { Alert } from './Alert';
import { downloadAttachment, uploadErrorText, type Attachment } from './attachments';
import './attachments.css';

/** Files as buttons: a download needs the Bearer header, so it goes through fetch → Blob. */
export function AttachmentList({ reference, files }: { reference: string; files: Attachment[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!files.length) return null;
  return (
    <div className="stack-sm">
      <ul className="attach-list" aria-label={t('files.listLabel')}>
        {files.map((f) => (
          <li key={f.id}>
            <button
              type="button"
              className="attach-btn"
              aria-label={t('files.download', { name: f.filename })}
              aria-busy={busy === f.id || undefined}
              onClick={async () => {
                setBusy(f.id);
                setError(null);
                try {
                  await downloadAttachment(reference, f);
                } catch (e) {
                  setError(uploadErrorText(e, t));
                } finally {
                  setBusy(null);
                }
              }}
            >
              <span className="attach-icon" aria-hidden="true" />
              <span className="attach-name">{f.filename}</span>
              <span className="attach-meta">{busy === f.id ? t('files.downloading') : formatBytes(f.size_bytes, lang)}</span>
            </button>
          </li>
        ))}
      </ul>
      {error && (
        <Alert tone="danger" title={t('files.downloadFailed')}>
          <p>{error}</p>
        </Alert>
      )}
    </div>
  );
}
