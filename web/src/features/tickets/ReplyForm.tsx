import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { isApiProblem, mapFieldErrors } from '../../api/problem';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { TextArea } from '../../components/Field';
import { FileInput } from '../../components/FileInput';
import { checkFiles, uploadCommentFiles, uploadErrorText } from '../../components/attachments';
import { addComment } from './api';
import { ticketKeys } from './keys';

export function ReplyForm({ reference }: { reference: string }) {
  const { t } = useTranslation('tickets');
  const queryClient = useQueryClient();
  const [files, setFiles] = useState<File[]>([]);
  const [fileError, setFileError] = useState<string | undefined>();
  const [status, setStatus] = useState<{ tone: 'success' | 'danger' | 'warning'; title: string; text?: string } | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<{ body: string }>({ defaultValues: { body: '' } });

  const onSubmit = handleSubmit(async ({ body }) => {
    setStatus(null);
    const tooBig = checkFiles(files, t);
    setFileError(tooBig);
    if (tooBig) return;
    let commentId: string;
    try {
      commentId = (await addComment(reference, body.trim())).comment.id;
    } catch (e) {
      if (isApiProblem(e) && e.status === 422) {
        const { byField, rest } = mapFieldErrors(e, ['body']);
        if (byField.body) setError('body', { message: byField.body });
        if (rest.length) setStatus({ tone: 'danger', title: t('reply.failed'), text: rest.map((r) => r.message).join(' ') });
      } else {
        setStatus({ tone: 'danger', title: t('reply.failed'), text: isApiProblem(e) ? e.detail : t('common:error.unexpected') });
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
        setStatus({ tone: 'warning', title: t('reply.uploadFailed'), text: uploadErrorText(e, t) });
      }
    }
    reset();
    if (!uploadFailed) {
      setFiles([]);
      setStatus({ tone: 'success', title: t('reply.sent') });
    }
    void queryClient.invalidateQueries({ queryKey: ticketKeys.ticket(reference) });
    void queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
  });

  return (
    <form className="stack" noValidate onSubmit={onSubmit} aria-label={t('reply.title')}>
      {status && (
        <Alert tone={status.tone} title={status.title}>
          {status.text && <p>{status.text}</p>}
        </Alert>
      )}
      <TextArea
        label={t('reply.label')}
        hint={t('reply.hint')}
        rows={5}
        error={errors.body?.message}
        {...register('body', {
          validate: (s) => s.trim().length > 0 || t('reply.required'),
          maxLength: { value: 20000, message: t('reply.tooLong') },
        })}
      />
      <FileInput
        label={t('reply.files')}
        files={files}
        error={fileError}
        onChange={(f) => {
          setFiles(f);
          setFileError(checkFiles(f, t));
        }}
      />
      <div>
        <Button type="submit" busy={isSubmitting}>
          {isSubmitting ? t('reply.submitting') : t('reply.submit')}
        </Button>
      </div>
    </form>
  );
}
