import { describe, expect, it } from 'vitest';
import type { MatrixCell } from './api';
import { IMPACTS, URGENCIES, matrixPriority, previewPriority } from './priority';

const order = ['low', 'medium', 'high', 'critical'] as const;
/** A matrix where the priority is the higher of impact and urgency (any rule would do). */
const cells: MatrixCell[] = IMPACTS.flatMap((impact) =>
  URGENCIES.map((urgency) => ({ impact, urgency, priority: order[Math.max(order.indexOf(impact), order.indexOf(urgency))]! })),
);

describe('matrixPriority', () => {
  it('reads the cell of the impact and urgency', () => {
    expect(matrixPriority(cells, 'critical', 'low')).toBe('critical');
    expect(matrixPriority(cells, 'low', 'high')).toBe('high');
  });
  it('counts an unset impact as medium', () => {
    expect(matrixPriority(cells, null, 'low')).toBe(matrixPriority(cells, 'medium', 'low'));
    expect(matrixPriority(cells, undefined, 'low')).toBe('medium');
  });
  it('gives nothing for a matrix without the cell', () => {
    expect(matrixPriority([], 'low', 'low')).toBeUndefined();
  });
});

describe('previewPriority', () => {
  it('follows the matrix for a ticket whose priority comes from it', () => {
    const p = previewPriority({ priority: 'low', priority_overridden: false }, cells, { impact: 'high', urgency: 'low' });
    expect(p).toEqual({ priority: 'high', matrix: 'high', overridden: false });
  });
  it('keeps a priority set by hand, showing what the matrix would say', () => {
    const p = previewPriority({ priority: 'low', priority_overridden: true }, cells, { impact: 'critical', urgency: 'low' });
    expect(p).toEqual({ priority: 'low', matrix: 'critical', overridden: true });
  });
  it('keeps the current priority when the matrix has no answer', () => {
    expect(previewPriority({ priority: 'medium', priority_overridden: false }, [], { impact: 'low', urgency: 'low' }).priority).toBe('medium');
  });
});
