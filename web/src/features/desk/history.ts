import type { TicketEvent } from './api';

/** Who made a change, as far as the history can tell. */
export type Who =
  | { kind: 'person'; name: string; staff: boolean }
  | { kind: 'unknownPerson' }
  | { kind: 'rule'; name: string | null }
  | { kind: 'scheduler' };

/**
 * A person by the name the API gives (whether they are staff too); a triage rule when one
 * made the change; else Loket's scheduler.
 */
export function whoDid(e: TicketEvent, rules: ReadonlyMap<string, string>): Who {
  if (e.actor_id) return e.actor_name ? { kind: 'person', name: e.actor_name, staff: e.actor_is_staff } : { kind: 'unknownPerson' };
  if (e.rule_id) return { kind: 'rule', name: rules.get(e.rule_id) ?? null };
  return { kind: 'scheduler' };
}

/** An i18n key under `history.` with its values: the phrase after the name of who did it. */
export interface What {
  key: string;
  values: Record<string, string>;
}

/** Fields whose values are codes the page translates (the rest are shown as they are). */
export const CODED_FIELDS = ['status', 'kind', 'urgency', 'impact', 'priority', 'category', 'assignee'] as const;

/**
 * What one history entry says. `label(field, value)` turns a stored value into words (an
 * enum into its name, an assignee id into a name, a category code into its subject).
 */
export function whatChanged(e: TicketEvent, label: (field: string, value: string) => string): What {
  const from = e.old_value ?? '';
  const to = e.new_value ?? '';
  switch (e.field) {
    case 'created':
      return { key: 'created', values: { reference: to } };
    case 'comment':
      return { key: 'comment', values: {} };
    case 'internal_note':
      // A note a rule added carries its text; a person's note is in the thread.
      return e.actor_id || !to ? { key: 'internalNote', values: {} } : { key: 'ruleNote', values: { body: to } };
    case 'sla':
      return { key: to === 'breached' ? 'slaBreached' : 'slaAtRisk', values: {} };
    case 'intervention':
      if (!e.old_value) return { key: 'interventionRecorded', values: { summary: to } };
      if (!e.new_value) return { key: 'interventionDeleted', values: { summary: from } };
      return { key: 'interventionEdited', values: { from, to } };
    case 'intervention_reclassified':
      return { key: 'interventionReclassified', values: { from, to } };
    case 'assignee':
      return e.new_value ? { key: 'assigned', values: { to: label('assignee', to) } } : { key: 'unassigned', values: {} };
    case 'subject':
      return { key: 'subject', values: { from, to } };
    default: {
      const coded = (CODED_FIELDS as readonly string[]).includes(e.field);
      const words = (v: string) => (coded ? label(e.field, v) : v);
      if (!e.new_value) return { key: 'cleared', values: { field: e.field } };
      if (!e.old_value) return { key: 'set', values: { field: e.field, to: words(to) } };
      return { key: 'changed', values: { field: e.field, from: words(from), to: words(to) } };
    }
  }
}
