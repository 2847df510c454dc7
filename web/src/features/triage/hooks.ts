import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useCoverageTable, useOrganizationNames, useStaff } from '../../api/queries';
import { useLang } from '../../i18n/useLang';
import type { Condition } from './api';
import type { Names } from './describe';
import { draftFields, ruleProblem, type DraftRule } from './draft';

/** What the editor holds: the rule being edited (null: a new one), its stored form, its draft. */
export interface Editing {
  id: string | null;
  /** The rule as stored (JSON of its input), to tell unsaved changes. */
  original: string;
  draft: DraftRule;
}

/** Organisation ids a rule's conditions name. */
export function organizationIds(conditions: readonly Condition[]): string[] {
  return conditions.flatMap((c) => (c.type === 'organization_is' ? c.organization_ids : []));
}

/** Names for the ids rules hold: these organisations (each looked up once), the staff, the coverage table. */
export function useNames(orgIds: readonly string[]): Names {
  const lang = useLang();
  const unique = [...new Set(orgIds)].sort();
  const org = useOrganizationNames(unique);
  const staff = useStaff();
  const table = useCoverageTable();
  const orgKey = [...org.entries()].map(([k, v]) => `${k}=${v}`).join('|');
  return useMemo(() => {
    const agent = new Map((staff.data ?? []).map((u) => [u.id, u.display_name]));
    const subject = new Map((table.data?.items ?? []).map((s) => [s.code, lang === 'nl' ? s.label_nl : s.label_en]));
    return {
      organization: (id) => org.get(id) ?? id,
      agent: (id) => agent.get(id) ?? id,
      subject: (code) => subject.get(code) ?? code,
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- orgKey stands for org's contents
  }, [orgKey, staff.data, table.data, lang]);
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** The API's explanation with agents' and organisations' ids replaced by their names. */
export function withNames(text: string, names: Names): string {
  return text.replace(UUID, (id) => {
    const agent = names.agent(id);
    return agent !== id ? agent : names.organization(id);
  });
}

/** A rule's 422 onto the editor's fields (`prefix` for a rule inside a larger body). */
export function useRuleProblem() {
  const { t } = useTranslation('triage');
  return (e: unknown, draft: DraftRule, prefix = '') =>
    ruleProblem(e, draftFields(draft), (code, message) => t(`fieldError.${code}`, { defaultValue: message }), prefix);
}
