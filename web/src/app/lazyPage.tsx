import { lazy, type ComponentType } from 'react';

export type PreloadablePage = ComponentType & { preload: () => Promise<void> };

/**
 * A lazily loaded page (its own chunk) that can also be loaded ahead: boot preloads the
 * chunk of the URL being opened together with the login restore, so the first render
 * does not suspend (React holds a revealed Suspense fallback for 300 ms).
 */
export function lazyPage(factory: () => Promise<{ default: ComponentType }>): PreloadablePage {
  let loaded: ComponentType | null = null;
  let pending: Promise<void> | null = null;
  const preload = () => {
    pending ??= factory().then((m) => {
      loaded = m.default;
    });
    return pending;
  };
  const Lazy = lazy(() => preload().then(() => ({ default: loaded as ComponentType })));
  function Page() {
    const C = loaded;
    return C ? <C /> : <Lazy />;
  }
  Page.preload = preload;
  return Page;
}
