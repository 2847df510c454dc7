import type { Schema } from '../../api/types';

export type CoverageRow = Schema<'CoverageRow'>;

/** What the admin has set for one subject in the editor (only what can change side). */
export interface CoverageEdit {
  included: boolean;
  retired: boolean;
}

/** One subject whose side or status changes when the edits are saved. */
export interface CoverageChange {
  code: string;
  label_nl: string;
  label_en: string;
  /** `to_included`: from billed to included; `to_billable`: the other way. */
  side: 'to_included' | 'to_billable' | null;
  /** `retire` / `restore` when the subject stops or starts being offered. */
  status: 'retire' | 'restore' | null;
  /** The body of the PATCH that makes this change. */
  patch: { included?: boolean; retired?: boolean };
}

/**
 * The subjects that change when `edits` are saved over the table `rows`, in table order.
 * Subjects without an edit, or whose edit equals what is stored, do not appear.
 */
export function coverageDiff(rows: readonly CoverageRow[], edits: Readonly<Record<string, CoverageEdit>>): CoverageChange[] {
  const changes: CoverageChange[] = [];
  for (const row of rows) {
    const edit = edits[row.code];
    if (!edit) continue;
    const side = edit.included === row.included ? null : edit.included ? 'to_included' : 'to_billable';
    const status = edit.retired === row.retired ? null : edit.retired ? 'retire' : 'restore';
    if (!side && !status) continue;
    const patch: CoverageChange['patch'] = {};
    if (side) patch.included = edit.included;
    if (status) patch.retired = edit.retired;
    changes.push({ code: row.code, label_nl: row.label_nl, label_en: row.label_en, side, status, patch });
  }
  return changes;
}

/** The editor's starting state: every subject as stored. */
export function editsFrom(rows: readonly CoverageRow[]): Record<string, CoverageEdit> {
  return Object.fromEntries(rows.map((r) => [r.code, { included: r.included, retired: r.retired }]));
}

/** The two columns of the policy as the edits would make them (retired subjects left out). */
export function columnsAfter(rows: readonly CoverageRow[], edits: Readonly<Record<string, CoverageEdit>>) {
  const included: CoverageRow[] = [];
  const billable: CoverageRow[] = [];
  for (const row of rows) {
    const e = edits[row.code] ?? row;
    if (e.retired) continue;
    (e.included ? included : billable).push(row);
  }
  return { included, billable };
}
