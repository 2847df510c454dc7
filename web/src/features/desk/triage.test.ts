import { describe, expect, it } from 'vitest';
import type { TicketEvent } from './api';
import { lastTriage } from './triage';

const rules = new Map([
  ['r1', 'Defect words'],
  ['r2', 'Change-request words'],
]);
const ev = (id: string, at: string, over: Partial<TicketEvent> = {}): TicketEvent => ({ id, field: 'kind', created_at: at, ...over });

describe('lastTriage', () => {
  it('takes the decision the ticket carries', () => {
    const view = lastTriage(
      { rule_id: 'r1', rule_name: 'Defect words', explanation: 'kind set to issue', decided_at: '2026-03-02T09:00:00Z' },
      [ev('e1', '2026-03-01T09:00:00Z', { rule_id: 'r2', explanation: 'older' })],
      rules,
    );
    expect(view).toEqual({
      decidedAt: '2026-03-02T09:00:00Z',
      items: [{ ruleId: 'r1', ruleName: 'Defect words', explanation: 'kind set to issue' }],
    });
  });

  it('falls back to the last run in the history, with the rules’ names', () => {
    const view = lastTriage(
      null,
      [
        ev('e1', '2026-03-01T09:00:00Z', { rule_id: 'r2', explanation: 'first run' }),
        ev('e2', '2026-03-02T09:00:00.000Z', { rule_id: 'r2', explanation: 'kind set to change request' }),
        ev('e3', '2026-03-02T09:00:00.300Z', { rule_id: 'r1', explanation: 'kind set to issue' }),
        ev('e4', '2026-03-02T10:00:00Z', { actor_id: 'u1', field: 'status' }),
      ],
      rules,
    );
    expect(view?.decidedAt).toBe('2026-03-02T09:00:00.300Z');
    expect(view?.items.map((i) => [i.ruleName, i.explanation])).toEqual([
      ['Change-request words', 'kind set to change request'],
      ['Defect words', 'kind set to issue'],
    ]);
  });

  it('is empty when no rule ever fired', () => {
    expect(lastTriage(undefined, [ev('e1', '2026-03-01T09:00:00Z', { actor_id: 'u1' })], rules)).toBeNull();
  });
});
