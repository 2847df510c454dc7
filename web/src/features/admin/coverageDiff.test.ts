import { describe, expect, it } from 'vitest';
import { columnsAfter, coverageDiff, editsFrom, type CoverageRow } from './coverageDiff';

const rows: CoverageRow[] = [
  { code: 'software_bug', label_nl: 'Softwarefout', label_en: 'Software bug', included: true, retired: false },
  { code: 'training', label_nl: 'Opleiding', label_en: 'Training', included: false, retired: false },
  { code: 'old_thing', label_nl: 'Oud', label_en: 'Old', included: true, retired: true },
];

describe('coverageDiff', () => {
  it('is empty when nothing changed', () => {
    expect(coverageDiff(rows, editsFrom(rows))).toEqual([]);
  });

  it('names each subject that changes side, in table order, with the PATCH that does it', () => {
    const edits = editsFrom(rows);
    edits.training = { included: true, retired: false };
    edits.software_bug = { included: false, retired: false };
    const diff = coverageDiff(rows, edits);
    expect(diff.map((c) => [c.code, c.side, c.status])).toEqual([
      ['software_bug', 'to_billable', null],
      ['training', 'to_included', null],
    ]);
    expect(diff[0]!.patch).toEqual({ included: false });
    expect(diff[1]!.patch).toEqual({ included: true });
  });

  it('a change made and undone is no change', () => {
    const edits = editsFrom(rows);
    edits.training = { included: true, retired: false };
    edits.training = { included: false, retired: false };
    expect(coverageDiff(rows, edits)).toEqual([]);
  });

  it('retiring and bringing back are changes of status, with or without a side change', () => {
    const edits = editsFrom(rows);
    edits.training = { included: false, retired: true };
    edits.old_thing = { included: false, retired: false };
    const diff = coverageDiff(rows, edits);
    expect(diff).toHaveLength(2);
    expect(diff[0]).toMatchObject({ code: 'training', side: null, status: 'retire', patch: { retired: true } });
    expect(diff[1]).toMatchObject({ code: 'old_thing', side: 'to_billable', status: 'restore', patch: { included: false, retired: false } });
  });

  it('columnsAfter puts subjects in the two columns as the edits would, leaving retired ones out', () => {
    const edits = editsFrom(rows);
    edits.training = { included: true, retired: false };
    const cols = columnsAfter(rows, edits);
    expect(cols.included.map((r) => r.code)).toEqual(['software_bug', 'training']);
    expect(cols.billable).toEqual([]);
  });
});
