import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../components/Badge';
import { SlaBadge } from '../../components/SlaBadge';
import { formatDateTime, formatRelative } from '../../i18n/format';
import { useLang } from '../../i18n/useLang';
import type { QueueItem } from './api';
import { KIND_TONE, PRIORITY_TONE, STATUS_TONE } from './labels';

export function ticketPath(reference: string) {
  return `/console/tickets/${reference}`;
}

export function rowId(reference: string) {
  return `queue-row-${reference}`;
}

interface Props {
  rows: QueueItem[];
  selected: string | null;
  /** A row got the focus (by Tab, a click or j/k): it becomes the selection. */
  onSelect: (reference: string) => void;
}

/**
 * The queue as a table (cards on a phone). The selected row is marked with aria-selected and
 * holds the focus on its link, so Enter opens it and screen readers read it.
 */
export function QueueTable({ rows, selected, onSelect }: Props) {
  const { t } = useTranslation('queue');
  const lang = useLang();
  return (
    <div className="table-wrap">
      <table className="table queue-table">
        <caption className="visually-hidden">{t('table.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('col.ticket')}</th>
            <th scope="col">{t('col.requester')}</th>
            <th scope="col">{t('col.priority')}</th>
            <th scope="col">{t('col.status')}</th>
            <th scope="col">{t('col.assignee')}</th>
            <th scope="col">{t('col.sla')}</th>
            <th scope="col">{t('col.updated')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.id}
              id={rowId(r.reference)}
              aria-selected={selected === r.reference}
              className={selected === r.reference ? 'queue-row-selected' : undefined}
              onFocus={() => onSelect(r.reference)}
            >
              <td className="table-cell-main">
                <div className="ticket-cell">
                  <Link to={ticketPath(r.reference)}>{r.subject}</Link>
                  <span className="small muted queue-meta">
                    <span className="mono">{r.reference}</span>
                    <Badge tone={KIND_TONE[r.kind]}>{t(`kind.${r.kind}`)}</Badge>
                    <span>{t(`channel.${r.channel}`)}</span>
                  </span>
                </div>
              </td>
              <td data-label={t('col.requester')}>
                <div className="ticket-cell">
                  <span>{r.requester_name}</span>
                  <span className="small muted">{r.organization_name ?? t('table.noOrganization')}</span>
                </div>
              </td>
              <td data-label={t('col.priority')}>
                <Badge tone={PRIORITY_TONE[r.priority]}>{t(`priority.${r.priority}`)}</Badge>
              </td>
              <td data-label={t('col.status')}>
                <Badge tone={STATUS_TONE[r.status]}>{t(`status.${r.status}`)}</Badge>
              </td>
              <td data-label={t('col.assignee')}>
                {r.assignee_name ?? <span className="muted">{t('table.unassigned')}</span>}
              </td>
              <td data-label={t('col.sla')}>
                <SlaBadge ticket={r} />
              </td>
              <td data-label={t('col.updated')}>
                <time className="nowrap" dateTime={r.updated_at} title={formatRelative(r.updated_at, lang)}>
                  {formatDateTime(r.updated_at, lang)}
                </time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
