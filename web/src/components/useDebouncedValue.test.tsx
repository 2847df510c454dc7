import { act, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useDebouncedValue } from './useDebouncedValue';

// React's act() needs this flag outside a test renderer.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

function Probe({ value, seen }: { value: string; seen: (v: string) => void }) {
  const settled = useDebouncedValue(value, 300);
  useEffect(() => seen(settled), [settled, seen]);
  return null;
}

describe('useDebouncedValue', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gives the value only once it stood still for the delay; each change restarts the wait', () => {
    const seen = vi.fn();
    const root = createRoot(document.createElement('div'));
    act(() => root.render(<Probe value="a" seen={seen} />));
    expect(seen).toHaveBeenLastCalledWith('a');
    act(() => root.render(<Probe value="ab" seen={seen} />));
    act(() => vi.advanceTimersByTime(200));
    act(() => root.render(<Probe value="abc" seen={seen} />));
    act(() => vi.advanceTimersByTime(200));
    // 400 ms after the first change, but only 200 after the last: still the old value.
    expect(seen).toHaveBeenLastCalledWith('a');
    act(() => vi.advanceTimersByTime(100));
    expect(seen).toHaveBeenLastCalledWith('abc');
    // "ab" never settled, so it was never passed on.
    expect(seen.mock.calls.map((c) => c[0])).toEqual(['a', 'abc']);
    act(() => root.unmount());
  });
});
