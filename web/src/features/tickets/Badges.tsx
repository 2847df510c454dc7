import { useTranslation } from 'react-i18next';
import { Badge } from '../../components/Badge';
import type { Schema } from '../../api/types';
import { KIND_TONE, PRIORITY_TONE, STATUS_TONE } from './labels';

export function StatusBadge({ status }: { status: Schema<'TicketStatus'> }) {
  const { t } = useTranslation('tickets');
  return (
    <Badge tone={STATUS_TONE[status]} title={t(`statusExplain.${status}`)}>
      {t(`status.${status}`)}
    </Badge>
  );
}

export function KindBadge({ kind }: { kind: Schema<'Kind'> }) {
  const { t } = useTranslation('tickets');
  return <Badge tone={KIND_TONE[kind]}>{t(`kind.${kind}`)}</Badge>;
}

export function PriorityBadge({ priority }: { priority: Schema<'Priority'> }) {
  const { t } = useTranslation('tickets');
  return <Badge tone={PRIORITY_TONE[priority]}>{t(`priority.${priority}`)}</Badge>;
}
