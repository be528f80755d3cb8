import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Lesion } from '../../core/roi/lesion';
import { PerLesion, type Derivation, type Derived } from '../../core/roi/per-lesion';

/**
 * What `derivation` gives for each lesion, as React state (core/roi/per-lesion.ts). Everything
 * derived is dropped when `scope` changes (another study, another model); a new `derivation`
 * object only says that readiness may have changed.
 */
export function usePerLesion<T>(
  scope: unknown,
  lesions: readonly Lesion[],
  derivation: Derivation<T>,
): ReadonlyMap<string, Derived<T>> {
  // A new scope, a new set of jobs (replaced while rendering); the old jobs stop as it goes.
  const [current, setCurrent] = useState(() => ({ scope, perLesion: new PerLesion<T>() }));
  if (current.scope !== scope) setCurrent({ scope, perLesion: new PerLesion<T>() });
  const { perLesion } = current;
  useSyncExternalStore(perLesion.subscribe, perLesion.version);
  useEffect(
    () => () => {
      perLesion.stop();
    },
    [perLesion],
  );
  useEffect(() => {
    perLesion.update(lesions, derivation);
  }, [perLesion, lesions, derivation]);
  return perLesion.results(lesions, derivation);
}
