import { useTranslation } from 'react-i18next';
import { Badge, type Tone } from '../../components/Badge';
import type { Kind, Priority, Status } from './api';

const STATUS_TONE: Record<Status, Tone> = {
  new: 'info',
  open: 'info',
  pending_customer: 'warning',
  scheduled: 'info',
  resolved: 'success',
  closed: 'neutral',
};
const KIND_TONE: Record<Kind, Tone> = { support: 'neutral', issue: 'danger', change_request: 'info' };
const PRIORITY_TONE: Record<Priority, Tone> = { critical: 'danger', high: 'warning', medium: 'neutral', low: 'neutral' };

export function StatusBadge({ status }: { status: Status }) {
  const { t } = useTranslation('desk');
  return <Badge tone={STATUS_TONE[status]}>{t(`status.${status}`)}</Badge>;
}

export function KindBadge({ kind }: { kind: Kind }) {
  const { t } = useTranslation('desk');
  return <Badge tone={KIND_TONE[kind]}>{t(`kind.${kind}`)}</Badge>;
}

/** "Priority High": the word "priority" too, since Low/High alone could be anything. */
export function PriorityBadge({ priority }: { priority: Priority }) {
  const { t } = useTranslation('desk');
  return <Badge tone={PRIORITY_TONE[priority]}>{t('head.priority', { priority: t(`priority.${priority}`) })}</Badge>;
}
