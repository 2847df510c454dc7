import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { SHORTCUT_KEYS } from './shortcuts';

/** The list of the queue's keyboard shortcuts (opened with `?`). */
export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation('queue');
  return (
    <Dialog open={open} onClose={onClose} title={t('shortcuts.title')}>
      <dl className="shortcut-list">
        {SHORTCUT_KEYS.map((s) => (
          <div key={s.action} className="shortcut-item">
            <dt>
              {s.keys.map((k) => (
                <kbd key={k}>{k === 'Enter' ? t('shortcuts.enterKey') : k}</kbd>
              ))}
            </dt>
            <dd>{t(`shortcuts.action.${s.action}`)}</dd>
          </div>
        ))}
      </dl>
      <p className="small muted">{t('shortcuts.typing')}</p>
      <div className="dialog-actions">
        <Button onClick={onClose}>{t('shortcuts.close')}</Button>
      </div>
    </Dialog>
  );
}
