import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../api/useSession';
import { Button } from '../../components/Button';
import { Select } from '../../components/Field';
import { useStaff, type Status, type TicketDetail } from './api';
import { OutcomeAlert, useChange } from './change';

/** Assign to any active agent or admin, or to oneself in one click. */
export function AssignForm({ ticket, disabled }: { ticket: TicketDetail; disabled: boolean }) {
  const { t } = useTranslation('desk');
  const me = useUser();
  const staff = useStaff();
  const { busy, outcome, send } = useChange(ticket.reference);
  const current = ticket.assignee_id ?? '';
  const [draft, setDraft] = useState<string | null>(null);
  // Follows the ticket (also when someone else reassigns it) until the agent picks someone.
  const value = draft ?? current;
  const nameOf = (id: string) => staff.data?.find((u) => u.id === id)?.display_name ?? '';

  const assign = async (id: string) => {
    const ok = await send(
      { assignee_id: id || null },
      (u) => (u.assignee_id ? t('assign.saved', { name: nameOf(u.assignee_id) }) : t('assign.unassigned')),
      t('assign.failed'),
    );
    if (ok) setDraft(null);
  };

  return (
    <form
      className="stack-sm"
      onSubmit={(e) => {
        e.preventDefault();
        void assign(value);
      }}
    >
      <Select
        label={t('assign.label')}
        value={value}
        disabled={disabled || staff.isPending}
        hint={staff.isPending ? t('assign.loading') : undefined}
        onChange={(e) => setDraft(e.target.value)}
      >
        <option value="">{t('assign.nobody')}</option>
        {(staff.data ?? []).map((u) => (
          <option key={u.id} value={u.id}>
            {u.display_name}
          </option>
        ))}
      </Select>
      <div className="row">
        <Button type="submit" variant="secondary" size="sm" busy={busy} disabled={disabled || value === current}>
          {t('assign.submit')}
        </Button>
        {me && me.id !== ticket.assignee_id && (
          <Button variant="ghost" size="sm" disabled={disabled || busy} onClick={() => void assign(me.id)}>
            {t('assign.toMe')}
          </Button>
        )}
      </div>
      <OutcomeAlert outcome={outcome} />
    </form>
  );
}

/**
 * Moves the ticket along its life cycle. Only the moves the API allows now are offered; the
 * others are listed with the API's reason (the same one a refused change would get), and a
 * refusal all the same (someone else moved the ticket meanwhile) shows under the control.
 */
export function StatusForm({ ticket, disabled }: { ticket: TicketDetail; disabled: boolean }) {
  const { t } = useTranslation('desk');
  const { busy, outcome, send } = useChange(ticket.reference);
  const [to, setTo] = useState<Status | ''>('');
  const refusedId = useId();
  const options = ticket.allowed_statuses;
  const refused = ticket.refused_statuses;
  return (
    <form
      className="stack-sm"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!to) return;
        if (await send({ status: to }, (u) => t('statusForm.saved', { status: t(`status.${u.status}`) }), t('statusForm.refused'))) setTo('');
      }}
    >
      <Select
        label={t('statusForm.label')}
        hint={`${t('statusForm.current', { status: t(`status.${ticket.status}`) })}.`}
        value={to}
        disabled={disabled}
        onChange={(e) => setTo(e.target.value as Status | '')}
      >
        <option value="">{t('statusForm.choose')}</option>
        {options.map((s) => (
          <option key={s} value={s}>
            {t(`status.${s}`)}
          </option>
        ))}
      </Select>
      {refused.length > 0 && (
        <div className="desk-refused small">
          <p id={refusedId} className="desk-refused-title">
            {t('statusForm.notNow')}
          </p>
          <ul aria-labelledby={refusedId}>
            {refused.map((r) => (
              <li key={r.status}>
                <strong>{t(`status.${r.status}`)}</strong>: {r.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div>
        <Button type="submit" variant="secondary" size="sm" busy={busy} disabled={disabled || !to}>
          {t('statusForm.submit')}
        </Button>
      </div>
      <OutcomeAlert outcome={outcome} />
    </form>
  );
}
