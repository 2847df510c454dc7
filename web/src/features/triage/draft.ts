import { isApiProblem, toFormPath } from '../../api/problem';
import type { Schema } from '../../api/types';
import type { Action, Condition, Rule, RuleInput } from './api';

export type ConditionType = Condition['type'];
export type ActionType = Action['type'];
export type Channel = Schema<'Channel'>;
export type Role = Schema<'Role'>;
export type Kind = Schema<'Kind'>;
export type Level = Schema<'Impact'>;

export const CONDITION_TYPES: readonly ConditionType[] = [
  'text_contains_any',
  'channel_is',
  'category_is',
  'organization_is',
  'requester_role_is',
  'has_valid_contract',
];
export const ACTION_TYPES: readonly ActionType[] = [
  'set_kind',
  'set_category',
  'set_impact',
  'set_urgency',
  'assign_to',
  'add_internal_note',
  'stop_processing',
];
export const CHANNELS: readonly Channel[] = ['portal', 'email', 'phone', 'api'];
export const ROLES: readonly Role[] = ['customer', 'customer_admin', 'agent', 'admin'];
export const KINDS: readonly Kind[] = ['support', 'issue', 'change_request'];
export const LEVELS: readonly Level[] = ['low', 'medium', 'high', 'critical'];

/** One condition as the editor holds it: every kind's value, the type deciding which is sent. */
export interface DraftCondition {
  key: number;
  type: ConditionType;
  /** The words, one per line or separated by commas. */
  words: string;
  channels: Channel[];
  categories: string[];
  organization_ids: string[];
  roles: Role[];
  value: boolean;
}

export interface DraftAction {
  key: number;
  type: ActionType;
  kind: Kind;
  category: string;
  impact: Level;
  urgency: Level;
  agent_id: string;
  body: string;
}

export interface DraftRule {
  name: string;
  enabled: boolean;
  position: number;
  conditions: DraftCondition[];
  actions: DraftAction[];
}

let nextKey = 1;
const key = () => nextKey++;

export function newCondition(type: ConditionType): DraftCondition {
  return { key: key(), type, words: '', channels: [], categories: [], organization_ids: [], roles: [], value: true };
}

export function newAction(type: ActionType): DraftAction {
  return { key: key(), type, kind: 'support', category: '', impact: 'medium', urgency: 'medium', agent_id: '', body: '' };
}

/** The words of a text condition: split on commas and new lines, trimmed, blanks dropped. */
export function parseWords(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((w) => w.trim())
    .filter(Boolean);
}

export function emptyDraft(position: number): DraftRule {
  return { name: '', enabled: true, position, conditions: [newCondition('text_contains_any')], actions: [newAction('set_kind')] };
}

export function draftFromRule(rule: Rule): DraftRule {
  return {
    name: rule.name,
    enabled: rule.enabled,
    position: rule.position,
    conditions: rule.conditions.map((c) => {
      const d = newCondition(c.type);
      switch (c.type) {
        case 'text_contains_any':
          return { ...d, words: c.words.join(', ') };
        case 'channel_is':
          return { ...d, channels: c.channels };
        case 'category_is':
          return { ...d, categories: c.categories };
        case 'organization_is':
          return { ...d, organization_ids: c.organization_ids };
        case 'requester_role_is':
          return { ...d, roles: c.roles };
        case 'has_valid_contract':
          return { ...d, value: c.value };
      }
    }),
    actions: rule.actions.map((a) => {
      const d = newAction(a.type);
      switch (a.type) {
        case 'set_kind':
          return { ...d, kind: a.kind };
        case 'set_category':
          return { ...d, category: a.category };
        case 'set_impact':
          return { ...d, impact: a.impact };
        case 'set_urgency':
          return { ...d, urgency: a.urgency };
        case 'assign_to':
          return { ...d, agent_id: a.agent_id };
        case 'add_internal_note':
          return { ...d, body: a.body };
        case 'stop_processing':
          return d;
      }
    }),
  };
}

export function conditionOf(d: DraftCondition): Condition {
  switch (d.type) {
    case 'text_contains_any':
      return { type: d.type, words: parseWords(d.words) };
    case 'channel_is':
      return { type: d.type, channels: d.channels };
    case 'category_is':
      return { type: d.type, categories: d.categories };
    case 'organization_is':
      return { type: d.type, organization_ids: d.organization_ids };
    case 'requester_role_is':
      return { type: d.type, roles: d.roles };
    case 'has_valid_contract':
      return { type: d.type, value: d.value };
  }
}

/**
 * The action as the API takes it. An action whose picker is still empty is sent as it is
 * (an empty category or agent), so the API names the field that needs a value.
 */
export function actionOf(d: DraftAction): Action {
  switch (d.type) {
    case 'set_kind':
      return { type: d.type, kind: d.kind };
    case 'set_category':
      return { type: d.type, category: d.category };
    case 'set_impact':
      return { type: d.type, impact: d.impact };
    case 'set_urgency':
      return { type: d.type, urgency: d.urgency };
    case 'assign_to':
      return { type: d.type, agent_id: d.agent_id };
    case 'add_internal_note':
      return { type: d.type, body: d.body };
    case 'stop_processing':
      return { type: d.type };
  }
}

export function inputOf(d: DraftRule): RuleInput {
  return { name: d.name, enabled: d.enabled, position: d.position, conditions: d.conditions.map(conditionOf), actions: d.actions.map(actionOf) };
}

/** The editor's field paths (dotted, as `toFormPath` gives them) that an API error can point at. */
export function draftFields(d: DraftRule): string[] {
  const out = ['name', 'enabled', 'position', 'conditions', 'actions'];
  d.conditions.forEach((_c, i) => {
    out.push(`conditions.${i}`, `conditions.${i}.type`);
    for (const f of ['words', 'channels', 'categories', 'organization_ids', 'roles', 'value']) out.push(`conditions.${i}.${f}`);
  });
  d.actions.forEach((_a, i) => {
    out.push(`actions.${i}`, `actions.${i}.type`);
    for (const f of ['kind', 'category', 'impact', 'urgency', 'agent_id', 'body']) out.push(`actions.${i}.${f}`);
  });
  return out;
}

export interface RuleProblem {
  /** Message per editor field. */
  byField: Record<string, string>;
  /** Errors no field took. */
  rest: string[];
}

/**
 * A 422 about a rule onto the editor's fields: `conditions[1].words[2]` → `conditions.1.words`
 * (the deepest field the editor has). `prefix` strips the rule's place in a larger body
 * (`draft.rule` in the preview). `message(code, apiMessage)` gives the words shown.
 */
export function ruleProblem(
  e: unknown,
  fields: readonly string[],
  message: (code: string, apiMessage: string) => string,
  prefix = '',
): RuleProblem | null {
  if (!isApiProblem(e) || e.status !== 422 || !e.fieldErrors.length) return null;
  const known = new Set(fields);
  const byField: Record<string, string> = {};
  const rest: string[] = [];
  for (const fe of e.fieldErrors) {
    let path = toFormPath(fe.field);
    if (prefix) {
      if (path === prefix) path = '';
      else if (path.startsWith(`${prefix}.`)) path = path.slice(prefix.length + 1);
      else {
        rest.push(`${fe.field}: ${message(fe.code, fe.message)}`);
        continue;
      }
    }
    const parts = path.split('.');
    let target: string | undefined;
    for (let n = parts.length; n > 0 && !target; n--) {
      const p = parts.slice(0, n).join('.');
      if (known.has(p)) target = p;
    }
    if (!target) rest.push(`${fe.field}: ${message(fe.code, fe.message)}`);
    else if (!(target in byField)) byField[target] = message(fe.code, fe.message);
  }
  return { byField, rest };
}
