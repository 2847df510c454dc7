import { describe, expect, it } from 'vitest';
import type { TicketEvent } from './api';
import { whatChanged, whoDid } from './history';

const ev = (over: Partial<TicketEvent>): TicketEvent => ({
  id: 'e1',
  field: 'status',
  created_at: '2026-03-02T09:00:00Z',
  actor_is_staff: false,
  ...over,
});
const label = (field: string, value: string) => `${field}:${value}`;

describe('whoDid', () => {
  const rules = new Map([['r1', 'Defect words']]);
  it('names a person by the name the API gives, and says whether they are staff', () => {
    expect(whoDid(ev({ actor_id: 'u1', actor_name: 'Jan Agent', actor_is_staff: true }), rules)).toEqual({ kind: 'person', name: 'Jan Agent', staff: true });
    expect(whoDid(ev({ actor_id: 'u2', actor_name: 'An Peeters' }), rules)).toEqual({ kind: 'person', name: 'An Peeters', staff: false });
  });
  it('says so when the person has no name any more', () => {
    expect(whoDid(ev({ actor_id: 'u9', actor_name: null }), rules)).toEqual({ kind: 'unknownPerson' });
  });
  it('names the rule when a rule made the change', () => {
    expect(whoDid(ev({ rule_id: 'r1' }), rules)).toEqual({ kind: 'rule', name: 'Defect words' });
    expect(whoDid(ev({ rule_id: 'gone' }), rules)).toEqual({ kind: 'rule', name: null });
  });
  it('falls to the scheduler when nobody and no rule did it', () => {
    expect(whoDid(ev({ explanation: 'resolved 5 business days ago' }), rules)).toEqual({ kind: 'scheduler' });
  });
});

describe('whatChanged', () => {
  it('translates coded values of a change', () => {
    expect(whatChanged(ev({ field: 'status', old_value: 'new', new_value: 'open' }), label)).toEqual({
      key: 'changed',
      values: { field: 'status', from: 'status:new', to: 'status:open' },
    });
  });
  it('says "set" when there was no value before, "cleared" when none after', () => {
    expect(whatChanged(ev({ field: 'impact', new_value: 'high' }), label)).toEqual({ key: 'set', values: { field: 'impact', to: 'impact:high' } });
    expect(whatChanged(ev({ field: 'category', old_value: 'training' }), label)).toEqual({ key: 'cleared', values: { field: 'category' } });
  });
  it('names the new assignee, or says the ticket was unassigned', () => {
    expect(whatChanged(ev({ field: 'assignee', old_value: 'a', new_value: 'b' }), label)).toEqual({ key: 'assigned', values: { to: 'assignee:b' } });
    expect(whatChanged(ev({ field: 'assignee', old_value: 'a' }), label)).toEqual({ key: 'unassigned', values: {} });
  });
  it('shows a rule’s note but not a person’s (that one is in the thread)', () => {
    expect(whatChanged(ev({ field: 'internal_note', rule_id: 'r1', new_value: 'Check the contract' }), label)).toEqual({
      key: 'ruleNote',
      values: { body: 'Check the contract' },
    });
    expect(whatChanged(ev({ field: 'internal_note', actor_id: 'u1' }), label)).toEqual({ key: 'internalNote', values: {} });
  });
  it('tells recorded, edited and deleted time apart', () => {
    expect(whatChanged(ev({ field: 'intervention', new_value: 'x' }), label).key).toBe('interventionRecorded');
    expect(whatChanged(ev({ field: 'intervention', old_value: 'x', new_value: 'y' }), label).key).toBe('interventionEdited');
    expect(whatChanged(ev({ field: 'intervention', old_value: 'x' }), label).key).toBe('interventionDeleted');
  });
  it('tells an SLA breach from a risk', () => {
    expect(whatChanged(ev({ field: 'sla', new_value: 'breached' }), label).key).toBe('slaBreached');
    expect(whatChanged(ev({ field: 'sla', new_value: 'at_risk' }), label).key).toBe('slaAtRisk');
  });
  it('shows an uncoded field’s values as they are', () => {
    expect(whatChanged(ev({ field: 'subject', old_value: 'a', new_value: 'b' }), label)).toEqual({ key: 'subject', values: { from: 'a', to: 'b' } });
    expect(whatChanged(ev({ field: 'future_field', old_value: 'a', new_value: 'b' }), label)).toEqual({
      key: 'changed',
      values: { field: 'future_field', from: 'a', to: 'b' },
    });
  });
});
