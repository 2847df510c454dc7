import { describe, expect, it } from 'vitest';
import { moveActive, searchText } from './combobox';

describe('combobox keys', () => {
  it('moves down and up through the options, wrapping round', () => {
    expect(moveActive(-1, 3, 'ArrowDown')).toBe(0);
    expect(moveActive(0, 3, 'ArrowDown')).toBe(1);
    expect(moveActive(2, 3, 'ArrowDown')).toBe(0);
    expect(moveActive(-1, 3, 'ArrowUp')).toBe(2);
    expect(moveActive(0, 3, 'ArrowUp')).toBe(2);
    expect(moveActive(2, 3, 'ArrowUp')).toBe(1);
    expect(moveActive(1, 3, 'Home')).toBe(0);
    expect(moveActive(1, 3, 'End')).toBe(2);
    expect(moveActive(1, 0, 'ArrowDown')).toBe(-1);
    expect(moveActive(1, 3, 'a')).toBe(1);
  });

  it('searches from two characters on, with spaces tidied', () => {
    expect(searchText('p')).toBe('');
    expect(searchText('  pe ')).toBe('pe');
    expect(searchText(' Tom   Cla ')).toBe('Tom Cla');
  });
});
