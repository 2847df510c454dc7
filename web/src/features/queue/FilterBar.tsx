import { useTranslation } from 'react-i18next';
import { Select } from '../../components/Field';
import { OrganizationPicker } from '../../components/OrganizationPicker';
import { useStaff } from './api';
import { CHANNELS, DEFAULT_FILTERS, KINDS, PRIORITIES, STATUSES, type QueueFilters } from './filters';

/** The select value of the status filter: `open` (the default set), `all`, one status, or the raw list. */
function statusValue(f: QueueFilters): string {
  if (f.status == null) return 'all';
  if (f.status === DEFAULT_FILTERS.status) return 'open';
  return f.status;
}

function assigneeValue(f: QueueFilters): string {
  return f.unassigned ? 'unassigned' : (f.assignee ?? '');
}

/** The queue's filters; each change is a new URL (shareable; the back button undoes it). */
export function FilterBar({ filters, onChange }: { filters: QueueFilters; onChange: (change: Partial<QueueFilters>) => void }) {
  const { t } = useTranslation('queue');
  const staff = useStaff();
  const status = statusValue(filters);
  const customStatus = status !== 'open' && status !== 'all' && !(STATUSES as readonly string[]).includes(status);
  const assignee = assigneeValue(filters);
  const knownAssignee = ['', 'me', 'unassigned'].includes(assignee) || staff.data?.some((u) => u.id === assignee);

  return (
    <fieldset className="queue-filters">
      <legend className="visually-hidden">{t('filters.legend')}</legend>
      <Select
        label={t('filters.status')}
        value={status}
        onChange={(e) => {
          const v = e.target.value;
          onChange({ status: v === 'open' ? DEFAULT_FILTERS.status : v === 'all' ? undefined : v });
        }}
      >
        <option value="open">{t('filters.statusOpen')}</option>
        {STATUSES.map((s) => (
          <option key={s} value={s}>
            {t(`status.${s}`)}
          </option>
        ))}
        <option value="all">{t('filters.statusAll')}</option>
        {customStatus && (
          <option value={status}>{status.split(',').map((s) => t(`status.${s}`)).join(', ')}</option>
        )}
      </Select>
      <Select label={t('filters.assignee')} value={assignee} onChange={(e) => {
        const v = e.target.value;
        onChange(v === 'unassigned' ? { unassigned: true, assignee: undefined } : { assignee: v || undefined, unassigned: undefined });
      }}>
        <option value="">{t('filters.anyone')}</option>
        <option value="me">{t('filters.mine')}</option>
        <option value="unassigned">{t('filters.unassigned')}</option>
        {staff.data?.map((u) => (
          <option key={u.id} value={u.id}>
            {u.display_name}
          </option>
        ))}
        {!knownAssignee && <option value={assignee}>{t('filters.someone')}</option>}
      </Select>
      <Select label={t('filters.priority')} value={filters.priority ?? ''} onChange={(e) => onChange({ priority: (e.target.value || undefined) as QueueFilters['priority'] })}>
        <option value="">{t('filters.any')}</option>
        {PRIORITIES.map((p) => (
          <option key={p} value={p}>
            {t(`priority.${p}`)}
          </option>
        ))}
      </Select>
      <Select label={t('filters.kind')} value={filters.kind ?? ''} onChange={(e) => onChange({ kind: (e.target.value || undefined) as QueueFilters['kind'] })}>
        <option value="">{t('filters.any')}</option>
        {KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`kind.${k}`)}
          </option>
        ))}
      </Select>
      <OrganizationPicker
        label={t('filters.organization')}
        placeholder={t('filters.anyOrganization')}
        value={filters.organization ?? undefined}
        onChange={(organization) => onChange({ organization })}
      />
      <Select label={t('filters.channel')} value={filters.channel ?? ''} onChange={(e) => onChange({ channel: (e.target.value || undefined) as QueueFilters['channel'] })}>
        <option value="">{t('filters.any')}</option>
        {CHANNELS.map((c) => (
          <option key={c} value={c}>
            {t(`channel.${c}`)}
          </option>
        ))}
      </Select>
      <div className="queue-checks" role="group" aria-label={t('filters.slaGroup')}>
        <label className="check">
          <input type="checkbox" checked={filters.breached === true} onChange={(e) => onChange({ breached: e.target.checked || undefined })} />
          {t('filters.breached')}
        </label>
        <label className="check">
          <input type="checkbox" checked={filters.at_risk === true} onChange={(e) => onChange({ at_risk: e.target.checked || undefined })} />
          {t('filters.atRisk')}
        </label>
      </div>
    </fieldset>
  );
}
