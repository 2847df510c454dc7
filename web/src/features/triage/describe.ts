import type { TFunction } from 'i18next';
import type { Action, Condition, Rule } from './api';

/** Names for the ids a rule holds (organisations, agents, subjects of the coverage table). */
export interface Names {
  organization: (id: string) => string;
  agent: (id: string) => string;
  subject: (code: string) => string;
}

/** How many words of a long list are shown before "and N more". */
export const WORDS_SHOWN = 6;

function quoted(words: readonly string[]): string[] {
  return words.map((w) => `‘${w}’`);
}

/** "a, b or c" in the UI language (`joiner` is the word for or/and). */
export function joinList(t: TFunction, items: readonly string[], joiner: 'or' | 'and' = 'or'): string {
  if (items.length <= 1) return items.join('');
  const word = t(`triage:join.${joiner}`);
  return `${items.slice(0, -1).join(', ')} ${word} ${items[items.length - 1]}`;
}

export function describeCondition(t: TFunction, c: Condition, names: Names): string {
  switch (c.type) {
    case 'text_contains_any': {
      const shown = quoted(c.words.slice(0, WORDS_SHOWN));
      const rest = c.words.length - shown.length;
      const list = rest > 0 ? t('triage:sentence.moreWords', { list: shown.join(', '), count: rest }) : joinList(t, shown);
      return t('triage:sentence.text', { words: list });
    }
    case 'channel_is':
      return t('triage:sentence.channel', { list: joinList(t, c.channels.map((x) => t(`triage:channel.${x}`))) });
    case 'category_is':
      return t('triage:sentence.category', { list: joinList(t, c.categories.map(names.subject)) });
    case 'organization_is':
      return t('triage:sentence.organization', { list: joinList(t, c.organization_ids.map(names.organization)) });
    case 'requester_role_is':
      return t('triage:sentence.role', { list: joinList(t, c.roles.map((r) => t(`triage:roleA.${r}`))) });
    case 'has_valid_contract':
      return t(c.value ? 'triage:sentence.contractYes' : 'triage:sentence.contractNo');
  }
}

export function describeAction(t: TFunction, a: Action, names: Names): string {
  switch (a.type) {
    case 'set_kind':
      return t('triage:sentence.setKind', { value: t(`triage:kind.${a.kind}`) });
    case 'set_category':
      return t('triage:sentence.setCategory', { value: names.subject(a.category) });
    case 'set_impact':
      return t('triage:sentence.setImpact', { value: t(`triage:level.${a.impact}`) });
    case 'set_urgency':
      return t('triage:sentence.setUrgency', { value: t(`triage:level.${a.urgency}`) });
    case 'assign_to':
      return t('triage:sentence.assignTo', { value: names.agent(a.agent_id) });
    case 'add_internal_note':
      return t('triage:sentence.note');
    case 'stop_processing':
      return t('triage:sentence.stop');
  }
}

/** The rule as a sentence: "When the text contains ‘factuur’ and the channel is e-mail → kind: change request". */
export function describeRule(t: TFunction, rule: Pick<Rule, 'conditions' | 'actions'>, names: Names): string {
  const when = rule.conditions.length
    ? t('triage:sentence.when', { conditions: joinList(t, rule.conditions.map((c) => describeCondition(t, c, names)), 'and') })
    : t('triage:sentence.always');
  const then = rule.actions.map((a) => describeAction(t, a, names)).join('; ');
  return `${when} → ${then || t('triage:sentence.nothing')}`;
}
