import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { isApiProblem, mapFieldErrors } from '../../api/problem';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { CopyButton } from '../../components/CopyButton';
import { Dialog } from '../../components/Dialog';
import { TextArea, TextField } from '../../components/Field';
import { EVENT_TYPES, useCreateWebhook, useUpdateWebhook, type EventType, type Webhook } from './api';
import { eventKey, looksLikeUrl } from './delivery';
import { SignatureHelp } from './SignatureHelp';

interface Form {
  url: string;
  event_types: EventType[];
  secret: string;
  active: boolean;
}

const FIELDS = ['url', 'event_types', 'secret', 'active'] as const;

/** The API's field errors at their fields, in the UI's words where the code is known; the rest above the form. */
function useSubmitFailure() {
  const { t } = useTranslation('webhooks');
  return (e: unknown, setField: (f: (typeof FIELDS)[number], m: string) => void): string => {
    if (!isApiProblem(e)) return t('common:error.unexpected');
    if (e.code === 'network') return t('common:error.network');
    if (e.status === 422 && e.fieldErrors.length) {
      const { byField, rest } = mapFieldErrors(e, FIELDS);
      for (const [field, message] of Object.entries(byField)) {
        const fe = e.fieldErrors.find((x) => x.message === message);
        setField(field as (typeof FIELDS)[number], t(`fieldError.${fe?.code ?? ''}`, { defaultValue: message }));
      }
      return rest.length ? rest.map((r) => r.message).join(' ') : t('form.fixErrors');
    }
    return e.detail || e.title;
  };
}

/** Adds a webhook (then shows its secret once), or edits one (`webhook`). */
export function WebhookDialog({ webhook, onClose }: { webhook?: Webhook; onClose: (notice?: string) => void }) {
  const { t } = useTranslation('webhooks');
  const create = useCreateWebhook();
  const update = useUpdateWebhook(webhook?.id ?? '');
  const failure = useSubmitFailure();
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ url: string; secret: string } | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<Form>({
    defaultValues: {
      url: webhook?.url ?? '',
      event_types: webhook?.event_types ?? ['ticket.created'],
      secret: '',
      active: webhook?.active ?? true,
    },
  });
  const onSubmit = handleSubmit(async (v) => {
    setFormError(null);
    const url = v.url.trim();
    try {
      if (webhook) {
        await update.mutateAsync({ url, event_types: v.event_types, active: v.active });
        onClose(t('notice.updated', { url }));
      } else {
        const secret = v.secret.trim();
        const made = await create.mutateAsync({ url, event_types: v.event_types, ...(secret ? { secret } : {}) });
        setCreated({ url: made.webhook.url, secret: made.secret });
      }
    } catch (e) {
      setFormError(failure(e, (f, m) => setError(f, { message: m })));
    }
  });
  const e = formState.errors;
  const eventsError = e.event_types?.message ?? e.event_types?.root?.message;

  if (created) {
    return (
      <Dialog open onClose={() => onClose(t('notice.created', { url: created.url }))} title={t('secret.title')}>
        <div className="stack">
          <Alert tone="warning" title={t('secret.once')}>
            <p>{t('secret.onceBody')}</p>
          </Alert>
          <TextArea
            label={t('secret.label')}
            readOnly
            rows={2}
            value={created.secret}
            className="webhooks-secret"
            spellCheck={false}
            onFocus={(ev) => ev.currentTarget.select()}
          />
          <div className="row">
            <CopyButton text={created.secret} label={t('secret.copy')} />
          </div>
          <SignatureHelp />
          <div className="dialog-actions">
            <Button onClick={() => onClose(t('notice.created', { url: created.url }))}>{t('secret.done')}</Button>
          </div>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog open onClose={() => onClose()} title={webhook ? t('form.editTitle') : t('form.addTitle')}>
      <form className="stack" noValidate onSubmit={onSubmit}>
        {formError && (
          <Alert tone="danger" title={t('form.error')}>
            <p>{formError}</p>
          </Alert>
        )}
        <TextField
          label={t('form.url')}
          hint={t('form.urlHint')}
          type="url"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          error={e.url?.message}
          {...register('url', {
            required: t('fieldError.required'),
            validate: (v) => looksLikeUrl(v) || t('fieldError.url'),
          })}
        />
        <fieldset className="webhooks-events" aria-describedby={eventsError ? 'webhook-events-error' : undefined}>
          <legend>{t('form.events')}</legend>
          <p className="field-hint">{t('form.eventsHint')}</p>
          {EVENT_TYPES.map((type) => (
            <label key={type} className="webhooks-event">
              <input
                type="checkbox"
                value={type}
                aria-invalid={eventsError ? true : undefined}
                {...register('event_types', { validate: (v) => v.length > 0 || t('fieldError.empty') })}
              />
              <span>
                <span className="webhooks-event-name">{t(`event.${eventKey(type)}.name`)}</span>
                <span className="webhooks-event-help">{t(`event.${eventKey(type)}.help`)}</span>
                <code className="webhooks-code">{type}</code>
              </span>
            </label>
          ))}
          {eventsError && (
            <p className="field-error" id="webhook-events-error">
              {eventsError}
            </p>
          )}
        </fieldset>
        {webhook ? (
          <label className="webhooks-check">
            <input type="checkbox" {...register('active')} />
            <span>
              {t('form.active')}
              <span className="webhooks-event-help">{t('form.activeHint')}</span>
            </span>
          </label>
        ) : (
          <TextField
            label={t('form.secret')}
            optional={t('form.optional')}
            hint={t('form.secretHint')}
            autoComplete="off"
            spellCheck={false}
            error={e.secret?.message}
            {...register('secret', {
              validate: (v) => v.trim() === '' || v.trim().length >= 16 || t('fieldError.secretLength'),
            })}
          />
        )}
        <div className="dialog-actions">
          <Button variant="secondary" onClick={() => onClose()}>
            {t('form.cancel')}
          </Button>
          <Button type="submit" busy={formState.isSubmitting}>
            {webhook ? t('form.save') : t('form.add')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
