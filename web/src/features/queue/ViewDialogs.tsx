import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { isApiProblem, mapFieldErrors } from '../../api/problem';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { TextField } from '../../components/Field';
import { createView, deleteView, renameView, type SavedView } from './api';
import type { QueueFilters } from './filters';
import { queueKeys } from './keys';

export const MAX_VIEW_NAME = 80;

/** What went wrong, for the name field or above the form. */
function explain(error: unknown, t: (k: string) => string): { name?: string; form?: string } {
  if (!isApiProblem(error)) return { form: t('views.failed') };
  if (error.status === 409) {
    return error.fieldErrors.some((fe) => fe.code === 'too_many_views') ? { form: t('views.tooMany') } : { name: t('views.nameTaken') };
  }
  const { byField, rest } = mapFieldErrors(error, ['name']);
  if (byField.name) return { name: byField.name };
  return { form: rest[0]?.message ?? (error.detail || error.title) };
}

/** Names a new view of the current filters, or renames a saved one. */
export function ViewNameDialog({ filters, view, onClose }: { filters?: QueueFilters; view?: SavedView; onClose: () => void }) {
  const { t } = useTranslation('queue');
  const queryClient = useQueryClient();
  const [name, setName] = useState(view?.name ?? '');
  const [missing, setMissing] = useState(false);
  const save = useMutation({
    mutationFn: (n: string) => (view ? renameView(view.id, n) : createView(n, filters ?? {})),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queueKeys.views() });
      onClose();
    },
  });
  const problem = save.error ? explain(save.error, t) : {};
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const n = name.trim();
    setMissing(!n);
    if (n) save.mutate(n);
  };
  return (
    <Dialog open onClose={onClose} title={view ? t('views.renameTitle', { name: view.name }) : t('views.saveTitle')}>
      <form className="stack" onSubmit={onSubmit} noValidate>
        {!view && <p className="small muted">{t('views.saveHint')}</p>}
        {problem.form && <Alert tone="danger">{problem.form}</Alert>}
        <TextField
          label={t('views.name')}
          value={name}
          maxLength={MAX_VIEW_NAME}
          autoFocus
          autoComplete="off"
          error={missing ? t('views.nameRequired') : problem.name}
          onChange={(e) => setName(e.target.value)}
        />
        <div className="dialog-actions">
          <Button variant="secondary" onClick={onClose}>
            {t('common:action.cancel')}
          </Button>
          <Button type="submit" busy={save.isPending}>
            {save.isPending ? t('common:state.saving') : view ? t('views.renameSubmit') : t('views.saveSubmit')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

/** Asks before deleting a saved view. */
export function DeleteViewDialog({ view, onClose }: { view: SavedView; onClose: () => void }) {
  const { t } = useTranslation('queue');
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => deleteView(view.id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queueKeys.views() });
      onClose();
    },
  });
  return (
    <Dialog open onClose={onClose} title={t('views.deleteTitle', { name: view.name })}>
      <p>{t('views.deleteBody')}</p>
      {remove.error != null && <Alert tone="danger">{explain(remove.error, t).form ?? t('views.failed')}</Alert>}
      <div className="dialog-actions">
        <Button variant="secondary" onClick={onClose}>
          {t('common:action.cancel')}
        </Button>
        <Button variant="danger" busy={remove.isPending} onClick={() => remove.mutate()}>
          {t('views.deleteSubmit')}
        </Button>
      </div>
    </Dialog>
  );
}
