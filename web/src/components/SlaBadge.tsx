import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Schema } from '../api/types';
import { formatDateTime } from '../i18n/format';
import { useLang } from '../i18n/useLang';
import { Badge } from './Badge';
import './sla.css';

/** The SLA fields of a ticket (a list item or a TicketDetail both have them). */
export type SlaFields = Pick<
  Schema<'TicketListItem'>,
  | 'first_response_due_at'
  | 'resolution_due_at'
  | 'first_response_due_in'
  | 'resolution_due_in'
  | 'sla_breached'
  | 'sla_at_risk'
  | 'sla_paused_since'
>;

export type SlaTarget = 'firstResponse' | 'resolution';

// Shared by the queue and the staff ticket page: the strings are common ones (`sla.*`).
const NS = 'common';

/**
 * "in 2 h 10 business minutes", "in 3 business hours", "25 business minutes overdue": a
 * number of business minutes from now, in words.
 */
export function businessDuration(minutes: number, t: TFunction): string {
  const overdue = minutes < 0;
  const abs = Math.abs(Math.round(minutes));
  const h = Math.floor(abs / 60);
  const m = abs % 60;
  if (abs === 0) return t(`${NS}:sla.dueNow`);
  const side = overdue ? 'overdue' : 'in';
  if (h === 0) return t(`${NS}:sla.${side}.minutes`, { count: m });
  if (m === 0) return t(`${NS}:sla.${side}.hours`, { count: h });
  return t(`${NS}:sla.${side}.hoursMinutes`, { hours: h, count: m });
}

/** Which target presses now: the first response until it is met, then the resolution. */
export function pressingTarget(s: SlaFields): { target: SlaTarget; dueAt: string; dueIn: number } | null {
  if (s.first_response_due_in != null) return { target: 'firstResponse', dueAt: s.first_response_due_at, dueIn: s.first_response_due_in };
  if (s.resolution_due_in != null) return { target: 'resolution', dueAt: s.resolution_due_at, dueIn: s.resolution_due_in };
  return null;
}

/**
 * One due time: "First response in 2 h 10 business minutes", with the exact date and time for
 * the mouse (title) and for everyone else as text (shown on hover and on focus of the row or
 * of the badge itself when `focusable`).
 */
export function SlaDue({ target, dueAt, dueIn, focusable = false }: { target: SlaTarget; dueAt: string; dueIn: number; focusable?: boolean }) {
  const { t } = useTranslation(NS);
  const lang = useLang();
  const exact = t('sla.exact', { when: formatDateTime(dueAt, lang) });
  return (
    <span className={`sla-due${dueIn < 0 ? ' sla-due-over' : ''}`} title={exact} tabIndex={focusable ? 0 : undefined}>
      <span>{t('sla.line', { target: t(`sla.target.${target}`), due: businessDuration(dueIn, t) })}</span>
      <span className="sla-exact">
        <time dateTime={dueAt}>{exact}</time>
      </span>
    </span>
  );
}

/**
 * A ticket's SLA at a glance: "Breached" / "At risk" in words and colour, and the pressing due
 * time. `<SlaBadge ticket={ticket} />`.
 */
export function SlaBadge({ ticket, focusable = false }: { ticket: SlaFields; focusable?: boolean }) {
  const { t } = useTranslation(NS);
  const due = pressingTarget(ticket);
  const state = ticket.sla_breached ? 'breached' : ticket.sla_at_risk ? 'atRisk' : null;
  return (
    <span className="sla">
      {state && <Badge tone={state === 'breached' ? 'danger' : 'warning'}>{t(`sla.state.${state}`)}</Badge>}
      {due ? (
        <SlaDue target={due.target} dueAt={due.dueAt} dueIn={due.dueIn} focusable={focusable} />
      ) : (
        <span className="muted">{ticket.sla_paused_since ? t('sla.paused') : t('sla.none')}</span>
      )}
    </span>
  );
}
