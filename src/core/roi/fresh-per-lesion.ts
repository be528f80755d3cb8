/**
 * What was read off each lesion (probabilities, HU) is kept with the `roiSignature` it was read
 * for; this is the one place that decides what may be shown: only what was read off the ROIs as
 * they are now.
 */
import type { Phase } from '../labels';
import { roiSignature, type Lesion } from './lesion';

/**
 * Each lesion's entry when it was read off its ROIs as they are now, in the lesions' order.
 * An entry read off ROIs since moved becomes `moved(entry)`, or is left out without `moved`.
 */
export function freshPerLesion<T extends { readonly key?: string }>(
  lesions: readonly Lesion[],
  entries: ReadonlyMap<string, T>,
  phases: readonly Phase[],
  moved?: (entry: T) => T,
): Map<string, T> {
  return new Map(
    lesions.flatMap((lesion): [string, T][] => {
      const entry = entries.get(lesion.id);
      if (entry === undefined) return [];
      if (entry.key === roiSignature(lesion, phases)) return [[lesion.id, entry]];
      return moved === undefined ? [] : [[lesion.id, moved(entry)]];
    }),
  );
}
