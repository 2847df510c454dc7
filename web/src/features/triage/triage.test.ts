import { describe, expect, it } from 'vitest';
import i18n, { i18nReady } from '../../i18n';
import { ApiProblem, type FieldError } from '../../api/problem';
import { moved } from './api';
import { describeRule, type Names } from './describe';
import { draftFields, draftFromRule, inputOf, parseWords, ruleProblem } from './draft';
import type { Rule } from './api';

const names: Names = {
  organization: (id) => (id === 'org-1' ? 'Bakkerij Peeters' : id),
  agent: (id) => (id === 'agent-1' ? 'Jan Agent' : id),
  subject: (code) => (code === 'user_question' ? 'User question' : code),
};

const rule: Rule = {
  id: 'r1',
  name: 'Facturen',
  enabled: true,
  position: 10,
  conditions: [
    { type: 'text_contains_any', words: ['factuur', 'invoice'] },
    { type: 'channel_is', channels: ['email'] },
  ],
  actions: [
    { type: 'set_kind', kind: 'change_request' },
    { type: 'assign_to', agent_id: 'agent-1' },
    { type: 'stop_processing' },
  ],
};

const problem422 = (errors: FieldError[]) =>
  new ApiProblem({ status: 422, code: 'validation_failed', title: 'Unprocessable', detail: 'invalid', fieldErrors: errors });

describe('a triage rule in words', () => {
  it('reads as a sentence in English and in Dutch', async () => {
    await i18nReady;
    await i18n.changeLanguage('en');
    expect(describeRule(i18n.t.bind(i18n), rule, names)).toBe(
      'When the text contains ‘factuur’ or ‘invoice’ and the channel is e-mail → kind: change request; assign to Jan Agent; stop (later rules do not run)',
    );
    await i18n.changeLanguage('nl');
    expect(describeRule(i18n.t.bind(i18n), rule, names)).toBe(
      'Als de tekst ‘factuur’ of ‘invoice’ bevat en het kanaal e-mail is → soort: wijzigingsaanvraag; toewijzen aan Jan Agent; stop (volgende regels lopen niet)',
    );
    expect(describeRule(i18n.t.bind(i18n), { conditions: [{ type: 'organization_is', organization_ids: ['org-1'] }], actions: [{ type: 'set_category', category: 'user_question' }] }, names)).toBe(
      'Als de aanvrager bij Bakkerij Peeters hoort → categorie: User question',
    );
    await i18n.changeLanguage('en');
    const long = describeRule(i18n.t.bind(i18n), { conditions: [{ type: 'text_contains_any', words: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] }], actions: [] }, names);
    expect(long).toBe('When the text contains ‘a’, ‘b’, ‘c’, ‘d’, ‘e’, ‘f’ or one of 2 more → nothing');
    expect(describeRule(i18n.t.bind(i18n), { conditions: [], actions: [{ type: 'set_impact', impact: 'high' }] }, names)).toBe('Always → impact: high');
  });
});

describe('the rule editor', () => {
  it('gives back the rule it was opened with, and words split on commas and lines', () => {
    expect(inputOf(draftFromRule(rule))).toEqual({ name: 'Facturen', enabled: true, position: 10, conditions: rule.conditions, actions: rule.actions });
    expect(parseWords(' factuur,\ninvoice , ,werkt niet ')).toEqual(['factuur', 'invoice', 'werkt niet']);
  });

  it('puts the API errors at the deepest field it has, also under the preview’s draft.rule', () => {
    const d = draftFromRule(rule);
    const fields = draftFields(d);
    const msg = (code: string, m: string) => `${code}: ${m}`;
    const saved = ruleProblem(problem422([
      { field: 'conditions[0].words[1]', code: 'no_letters', message: 'x' },
      { field: 'actions[1].agent_id', code: 'unknown_agent', message: 'y' },
      { field: 'colour', code: 'unknown_field', message: 'z' },
    ]), fields, msg);
    expect(saved).toEqual({ byField: { 'conditions.0.words': 'no_letters: x', 'actions.1.agent_id': 'unknown_agent: y' }, rest: ['colour: unknown_field: z'] });
    const previewed = ruleProblem(problem422([
      { field: 'draft.rule.name', code: 'required', message: 'blank' },
      { field: 'subject', code: 'length', message: 'long' },
    ]), fields, msg, 'draft.rule');
    expect(previewed).toEqual({ byField: { name: 'required: blank' }, rest: ['subject: length: long'] });
    expect(ruleProblem(new ApiProblem({ status: 500, code: 'internal', title: 'x', detail: 'y' }), fields, msg)).toBeNull();
  });

  it('moves one rule and keeps the others in order', () => {
    expect(moved(['a', 'b', 'c', 'd'], 3, 1)).toEqual(['a', 'd', 'b', 'c']);
    expect(moved(['a', 'b', 'c'], 0, 2)).toEqual(['b', 'c', 'a']);
    expect(moved(['a', 'b'], 0, 5)).toEqual(['a', 'b']);
  });
});
