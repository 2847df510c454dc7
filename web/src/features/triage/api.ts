import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { Schema } from '../../api/types';

export type Rule = Schema<'Rule'>;
export type RuleInput = Schema<'RuleInput'>;
export type Condition = Schema<'Condition'>;
export type Action = Schema<'Action'>;
export type PreviewRequest = Schema<'PreviewRequest'>;
export type PreviewResult = Schema<'PreviewResult'>;

/** Query keys of the triage screen, built in one place. */
export const triageKeys = {
  rules: () => ['triage', 'rules'] as const,
};

/** The rules in the order they run (the API's order). */
export function useRules() {
  return useQuery({
    queryKey: triageKeys.rules(),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/triage/rules', { signal })),
  });
}

export function toInput(rule: Rule): RuleInput {
  return { name: rule.name, enabled: rule.enabled, position: rule.position, conditions: rule.conditions, actions: rule.actions };
}

export function useSaveRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: RuleInput }) =>
      id
        ? unwrap(api.PUT('/api/v1/triage/rules/{id}', { params: { path: { id } }, body }))
        : unwrap(api.POST('/api/v1/triage/rules', { body })),
    onSettled: () => qc.invalidateQueries({ queryKey: triageKeys.rules() }),
  });
}

/** Turns a rule on or off: the switch moves at once, a refusal puts it back. */
export function useToggleRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (rule: Rule) =>
      unwrap(api.PUT('/api/v1/triage/rules/{id}', { params: { path: { id: rule.id } }, body: { ...toInput(rule), enabled: !rule.enabled } })),
    onMutate: async (rule) => {
      await qc.cancelQueries({ queryKey: triageKeys.rules() });
      const before = qc.getQueryData<Rule[]>(triageKeys.rules());
      if (before) qc.setQueryData(triageKeys.rules(), before.map((r) => (r.id === rule.id ? { ...r, enabled: !rule.enabled } : r)));
      return { before };
    },
    onError: (_e, _rule, ctx) => {
      if (ctx?.before) qc.setQueryData(triageKeys.rules(), ctx.before);
    },
    onSettled: () => qc.invalidateQueries({ queryKey: triageKeys.rules() }),
  });
}

export function useDeleteRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/triage/rules/{id}', { params: { path: { id } } })),
    onSettled: () => qc.invalidateQueries({ queryKey: triageKeys.rules() }),
  });
}

/**
 * Puts the rules in a new order with one call (all positions or none). The list moves at
 * once; a refusal puts back the stored order.
 */
export function useReorderRules() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (ids: string[]) => unwrap(api.PUT('/api/v1/triage/rules/order', { body: { ids } })),
    onMutate: async (ids) => {
      await qc.cancelQueries({ queryKey: triageKeys.rules() });
      const before = qc.getQueryData<Rule[]>(triageKeys.rules());
      if (before) {
        const byId = new Map(before.map((r) => [r.id, r]));
        qc.setQueryData(
          triageKeys.rules(),
          ids.map((id) => byId.get(id)).filter((r): r is Rule => !!r),
        );
      }
      return { before };
    },
    onError: (_e, _ids, ctx) => {
      if (ctx?.before) qc.setQueryData(triageKeys.rules(), ctx.before);
    },
    onSuccess: (rules) => qc.setQueryData(triageKeys.rules(), rules),
    onSettled: () => qc.invalidateQueries({ queryKey: triageKeys.rules() }),
  });
}

/** Whether an organisation has a maintenance contract valid today. */
export function useOrganizationCoverage(id: string | undefined) {
  return useQuery({
    queryKey: ['organizations', id ?? '', 'coverage'] as const,
    enabled: !!id,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/organizations/{id}/coverage', { params: { path: { id: id ?? '' } }, signal })),
  });
}

/** The rules (with the editor's draft, when given) tried on a draft ticket; nothing is saved. */
export function usePreview() {
  return useMutation({
    mutationFn: (body: PreviewRequest) => unwrap(api.POST('/api/v1/triage/preview', { body })),
  });
}

/** `ids` with the item at `from` moved to `to`. */
export function moved<T>(items: readonly T[], from: number, to: number): T[] {
  const out = items.slice();
  if (from < 0 || from >= out.length || to < 0 || to >= out.length || from === to) return out;
  const [item] = out.splice(from, 1);
  out.splice(to, 0, item as T);
  return out;
}
