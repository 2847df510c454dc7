import { useTranslation } from 'react-i18next';
import { useLiveStatus } from '../../api/live';

/** Whether the queue follows changes as they happen, in words (the dot only repeats it). */
export function LiveIndicator() {
  const { t } = useTranslation('queue');
  const status = useLiveStatus();
  return (
    <span className={`live live-${status}`} title={t(`live.explain.${status}`)}>
      <span className="live-dot" aria-hidden="true" />
      <span role="status">{t(`live.status.${status}`)}</span>
    </span>
  );
}
