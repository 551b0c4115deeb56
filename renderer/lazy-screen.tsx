// A screen whose code is a chunk of its own (esbuild splits at each import()), loaded when first
// needed. Navigation can wait for it (load, whenLoaded), so the screen then shows at once, as an
// eager one would; one rendered before its chunk is here suspends (React.lazy) and shows when it
// arrives.
import { lazy, useState, type ComponentType, type JSX } from 'react';

export interface LazyScreen<P extends object> {
  (props: P): JSX.Element;
  /** Loads the chunk (once). */
  load(): Promise<unknown>;
  /** Runs `then` now if the chunk is here, else once it is (a click that opens the screen). */
  whenLoaded(then: () => void): void;
}

export function lazyScreen<P extends object>(
  importer: () => Promise<ComponentType<P>>,
): LazyScreen<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<{ default: ComponentType<P> }> | null = null;
  const load = () =>
    (loading ??= importer().then((component) => {
      loaded = component;
      return { default: component };
    }));
  const Suspending = lazy(load);
  function Screen(props: P) {
    // Kept for the element's life: a screen first shown suspending stays the same element.
    const [Shown] = useState(() => loaded ?? Suspending);
    return <Shown {...props} />;
  }
  return Object.assign(Screen, {
    load,
    whenLoaded(then: () => void) {
      if (loaded) then();
      else void load().then(then);
    },
  });
}
