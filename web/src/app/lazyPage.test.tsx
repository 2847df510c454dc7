import { act, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { describe, expect, it, vi } from 'vitest';
import { lazyPage } from './lazyPage';

// React wants this flag to run act() outside a test renderer.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

function Hello() {
  return <p>hello page</p>;
}

describe('lazyPage', () => {
  it('loads its chunk once, and a preloaded page renders without the Suspense fallback', async () => {
    const factory = vi.fn(async () => ({ default: Hello }));
    const Page = lazyPage(factory);
    await Page.preload();
    await Page.preload();
    expect(factory).toHaveBeenCalledTimes(1);
    const el = document.createElement('div');
    const root = createRoot(el);
    act(() => {
      root.render(
        <Suspense fallback={<p>loading</p>}>
          <Page />
        </Suspense>,
      );
    });
    // Synchronously after the first commit: the page itself, not the fallback.
    expect(el.textContent).toBe('hello page');
    act(() => root.unmount());
  });

  it('a page not preloaded suspends, then shows', async () => {
    const Page = lazyPage(async () => ({ default: Hello }));
    const el = document.createElement('div');
    const root = createRoot(el);
    await act(async () => {
      root.render(
        <Suspense fallback={<p>loading</p>}>
          <Page />
        </Suspense>,
      );
    });
    await vi.waitFor(() => expect(el.textContent).toBe('hello page'));
    act(() => root.unmount());
  });
});
