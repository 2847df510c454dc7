import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { isApiProblem, mapFieldErrors } from '../../api/problem';
import { Alert } from '../../components/Alert';
import { checkFiles, uploadCommentFiles, uploadErrorText } from '../../components/attachments';
import { Button } from '../../components/Button';
import { TextArea } from '../../components/Field';
import { FileInput } from '../../components/FileInput';
import { addComment, useRefreshTicket } from './api';
import { problemWords } from './change';

type Visibility = 'internal' | 'public';

/**
 * Replies and internal notes. Who sees the text is chosen explicitly, and the choice starts
 * at — and returns to, after each message — "internal note": a note sent by mistake as a reply
 * reaches the customer's inbox and cannot be taken back, while a reply kept internal by
 * mistake is still on the page to send again. The send button names what will happen.
 *
 * The text lives in this form only, so a live refetch of the ticket never touches it.
 */
export function Composer({ reference, requesterName }: { reference: string; requesterName: string }) {
  const { t } = useTranslation('desk');
  const refresh = useRefreshTicket(reference);
  const [files, setFiles] = useState<File[]>([]);
  const [fileError, setFileError] = useState<string | undefined>();
  const [status, setStatus] = useState<{ tone: 'success' | 'danger' | 'warning'; title: string; text?: string } | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    control,
    formState: { errors, isSubmitting },
  } = useForm<{ body: string; visibility: Visibility }>({ defaultValues: { body: '', visibility: 'internal' } });
  const visibility = useWatch({ control, name: 'visibility' });
  const internal = visibility === 'internal';

  const onSubmit = handleSubmit(async ({ body, visibility }) => {
    setStatus(null);
    const tooBig = checkFiles(files, t);
    setFileError(tooBig);
    if (tooBig) return;
    const isInternal = visibility === 'internal';
    let commentId: string;
    try {
      commentId = (await addComment(reference, body.trim(), isInternal)).comment.id;
    } catch (e) {
      if (isApiProblem(e) && e.status === 422) {
        const { byField, rest } = mapFieldErrors(e, ['body']);
        if (byField.body) setError('body', { message: byField.body });
        if (rest.length) setStatus({ tone: 'danger', title: t('composer.failed'), text: rest.map((r) => r.message).join(' ') });
      } else {
        setStatus({ tone: 'danger', title: t('composer.failed'), text: problemWords(e, t) });
      }
      return;
    }
    let uploadFailed = false;
    if (files.length) {
      try {
        await uploadCommentFiles(reference, commentId, files);
      } catch (e) {
        uploadFailed = true;
        setFileError(uploadErrorText(e, t));
        setStatus({ tone: 'warning', title: t('composer.uploadFailed'), text: uploadErrorText(e, t) });
      }
    }
    reset({ body: '', visibility: 'internal' });
    if (!uploadFailed) {
      setFiles([]);
      setStatus({ tone: 'success', title: t(isInternal ? 'composer.sentInternal' : 'composer.sentPublic') });
    }
    void refresh();
  });

  return (
    <form className={`stack desk-composer ${internal ? 'is-internal' : 'is-public'}`} noValidate onSubmit={onSubmit} aria-label={t('composer.title')}>
      <fieldset className="desk-choice">
        <legend>{t('composer.who')}</legend>
        <label className="desk-choice-option is-internal">
          <input type="radio" value="internal" {...register('visibility')} />
          <span>
            <span className="desk-choice-title">
              <span className="desk-lock" aria-hidden="true" /> {t('composer.internal')}
            </span>
            <span className="desk-choice-hint">{t('composer.internalHint')}</span>
          </span>
        </label>
        <label className="desk-choice-option is-public">
          <input type="radio" value="public" {...register('visibility')} />
          <span>
            <span className="desk-choice-title">{t('composer.public')}</span>
            <span className="desk-choice-hint">{t('composer.publicHint', { name: requesterName })}</span>
          </span>
        </label>
      </fieldset>
      <TextArea
        label={internal ? t('composer.labelInternal') : t('composer.labelPublic', { name: requesterName })}
        hint={t('composer.hint')}
        rows={5}
        error={errors.body?.message}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            e.currentTarget.form?.requestSubmit();
          }
        }}
        {...register('body', {
          validate: (s) => s.trim().length > 0 || t('composer.required'),
          maxLength: { value: 20000, message: t('composer.tooLong') },
        })}
      />
      <FileInput
        label={t('composer.files')}
        files={files}
        error={fileError}
        onChange={(f) => {
          setFiles(f);
          setFileError(checkFiles(f, t));
        }}
      />
      <div className="row">
        <Button type="submit" variant={internal ? 'secondary' : 'primary'} busy={isSubmitting}>
          {isSubmitting ? t('composer.submitting') : internal ? t('composer.submitInternal') : t('composer.submitPublic', { name: requesterName })}
        </Button>
      </div>
      {status && (
        <Alert tone={status.tone} title={status.title}>
          {status.text && <p>{status.text}</p>}
        </Alert>
      )}
    </form>
  );
}
