import type { TicketEvent } from './api';

/** The last triage decision as the API gives it on the ticket (`TicketDetail.triage`). */
export interface TriageDecision {
  rule_id: string;
  rule_name: string;
  explanation: string;
  decided_at: string;
}

export interface TriageView {
  decidedAt: string;
  items: Array<{ ruleId: string; ruleName: string | null; explanation: string }>;
}

/** Events written by one triage run share their instant; a little slack covers slow writes. */
const SAME_RUN_MS = 2000;

/**
 * What the rules last decided: the ticket's own record of it when the API gives one, else the
 * last run's entries in the history (events with a rule, oldest first).
 */
export function lastTriage(
  decision: TriageDecision | null | undefined,
  events: readonly TicketEvent[],
  rules: ReadonlyMap<string, string>,
): TriageView | null {
  if (decision) {
    return {
      decidedAt: decision.decided_at,
      items: [{ ruleId: decision.rule_id, ruleName: decision.rule_name, explanation: decision.explanation }],
    };
  }
  const ruled = events.filter((e): e is TicketEvent & { rule_id: string } => !!e.rule_id);
  const last = ruled.at(-1);
  if (!last) return null;
  const lastAt = Date.parse(last.created_at);
  const run = ruled.filter((e) => lastAt - Date.parse(e.created_at) <= SAME_RUN_MS);
  return {
    decidedAt: last.created_at,
    items: run.map((e) => ({ ruleId: e.rule_id, ruleName: rules.get(e.rule_id) ?? null, explanation: e.explanation ?? '' })),
  };
}
