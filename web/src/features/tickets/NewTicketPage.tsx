import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { formFailure } from '../../api/problem';
import type { Schema } from '../../api/types';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Card, CardBody } from '../../components/Card';
import { Select, TextArea, TextField } from '../../components/Field';
import { FileInput } from '../../components/FileInput';
import { PageHeader } from '../../components/PageHeader';
import { useLang } from '../../i18n/useLang';
import { checkFiles, uploadErrorText, uploadTicketFiles } from '../../components/attachments';
import { createTicket, useCoverageTable } from './api';
import { CreatedPanel } from './CreatedPanel';
import { ticketKeys } from './keys';
import { URGENCIES } from './labels';
import './tickets.css';

interface Form {
  subject: string;
  description: string;
  urgency: Schema<'Urgency'>;
  category: string;
}

const FIELDS = ['subject', 'description', 'urgency', 'category'] as const;

export interface Created {
  result: Schema<'TicketWithDecisions'>;
  files: File[];
  uploaded: number;
  uploadError: string | null;
}

export default function NewTicketPage() {
  const { t } = useTranslation('tickets');
  const lang = useLang();
  const queryClient = useQueryClient();
  const coverage = useCoverageTable();
  const [files, setFiles] = useState<File[]>([]);
  const [fileError, setFileError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<Created | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<Form>({ defaultValues: { subject: '', description: '', urgency: 'medium', category: '' } });

  const subjects = (coverage.data?.items ?? []).filter((r) => !r.retired);

  const onSubmit = handleSubmit(async (v) => {
    setFormError(null);
    const tooBig = checkFiles(files, t);
    setFileError(tooBig);
    if (tooBig) return;
    let result: Schema<'TicketWithDecisions'>;
    try {
      result = await createTicket({
        subject: v.subject.trim(),
        description: v.description.trim(),
        urgency: v.urgency,
        ...(v.category ? { category: v.category } : {}),
      });
    } catch (e) {
      setFormError(formFailure(e, FIELDS, (f, message) => setError(f as keyof Form, { message }), t));
      return;
    }
    let uploaded = 0;
    let uploadError: string | null = null;
    if (files.length) {
      try {
        const up = await uploadTicketFiles(result.ticket.reference, files);
        uploaded = up.attachments.length;
      } catch (e) {
        uploadError = uploadErrorText(e, t);
      }
    }
    void queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
    setCreated({ result, files, uploaded, uploadError });
    window.scrollTo({ top: 0 });
  });

  if (created) {
    return (
      <CreatedPanel
        created={created}
        subjects={coverage.data?.items ?? []}
        onAnother={() => {
          reset();
          setFiles([]);
          setCreated(null);
        }}
      />
    );
  }

  return (
    <>
      <PageHeader title={t('new.title')} sub={t('new.sub')} />
      <div className="new-layout">
      <Card className="form-card">
        <CardBody>
          <form className="stack" noValidate onSubmit={onSubmit}>
            {formError && (
              <Alert tone="danger" title={t('new.failed')}>
                <p>{formError}</p>
              </Alert>
            )}
            <TextField
              label={t('new.subject')}
              hint={t('new.subjectHint')}
              error={errors.subject?.message}
              autoComplete="off"
              {...register('subject', {
                validate: (s) => s.trim().length > 0 || t('new.subjectRequired'),
                maxLength: { value: 200, message: t('new.subjectTooLong') },
              })}
            />
            <TextArea
              label={t('new.description')}
              hint={t('new.descriptionHint')}
              error={errors.description?.message}
              rows={7}
              {...register('description', {
                validate: (s) => s.trim().length > 0 || t('new.descriptionRequired'),
                maxLength: { value: 20000, message: t('new.descriptionTooLong') },
              })}
            />
            <fieldset className="radio-group" aria-describedby="urgency-hint">
              <legend>{t('urgency.label')}</legend>
              <p id="urgency-hint" className="field-hint" style={{ flexBasis: '100%' }}>
                {t('urgency.hint')}
              </p>
              {URGENCIES.map((u) => (
                <label key={u} className="radio-pill">
                  <input type="radio" value={u} {...register('urgency')} />
                  <span>{t(`urgency.${u}`)}</span>
                </label>
              ))}
              {errors.urgency?.message && <p className="field-error">{errors.urgency.message}</p>}
            </fieldset>
            <Select
              label={t('new.category')}
              hint={coverage.isPending ? t('new.categoryLoading') : t('new.categoryHint')}
              optional={t('common:form.optional')}
              error={errors.category?.message}
              disabled={coverage.isPending}
              {...register('category')}
            >
              <option value="">{t('new.categoryNone')}</option>
              {subjects.map((s) => (
                <option key={s.code} value={s.code}>
                  {lang === 'nl' ? s.label_nl : s.label_en}
                </option>
              ))}
            </Select>
            <FileInput
              label={t('new.files')}
              hint={t('new.filesHint')}
              files={files}
              error={fileError}
              onChange={(f) => {
                setFiles(f);
                setFileError(checkFiles(f, t));
              }}
            />
            <div className="row">
              <Button type="submit" busy={isSubmitting}>
                {isSubmitting ? t('new.submitting') : t('new.submit')}
              </Button>
            </div>
          </form>
        </CardBody>
      </Card>
      <aside className="new-aside" aria-labelledby="new-tips">
        <Card>
          <CardBody>
            <h2 id="new-tips" className="aside-title">
              {t('new.tipsTitle')}
            </h2>
            <ul className="next-steps small" style={{ marginTop: 12 }}>
              <li>{t('new.tip1')}</li>
              <li>{t('new.tip2')}</li>
              <li>
                {t('new.tip3')} <Link to="/support-hours">{t('created.hoursLink')}</Link>
              </li>
            </ul>
          </CardBody>
        </Card>
      </aside>
      </div>
    </>
  );
}
