import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { Schema } from '../../api/types';

export type Rule = Schema<'Rule'>;
export type RuleInput = Schema<'RuleInput'>;
export type Condition = Schema<'Condition'>;
export type Action = Schema<'Action'>;
export type PreviewRequest = Schema<'PreviewRequest'>;
export type PreviewResult = Schema<'PreviewResult'>;
export type Organization = Schema<'Organization'>;

/** Query keys of the triage screen, built in one place. */
export const triageKeys = {
  rules: () => ['triage', 'rules'] as const,
  organizations: () => ['organizations', 'triage-picker'] as const,
};

/** The rules in the order they run (the API's order). */
export function useRules() {
  return useQuery({
    queryKey: triageKeys.rules(),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/triage/rules', { signal })),
  });
}

/** The organisations a rule can name (the first 200 by name). */
export function usePickerOrganizations() {
  return useQuery({
    queryKey: triageKeys.organizations(),
    staleTime: 5 * 60_000,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/organizations', { params: { query: { limit: 200 } }, signal })),
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
