import type { LesionClass } from '../labels';
import { topClass } from './top-class';

/** Of the labelled lesions the model has classified, how many it gets right; null if none. */
export function labelAgreement(
  lesions: readonly { id: string; label?: LesionClass }[],
  results: ReadonlyMap<string, { state: string; probabilities?: readonly number[] }>,
  classes: readonly LesionClass[],
): { right: number; total: number } | null {
  let right = 0;
  let total = 0;
  for (const lesion of lesions) {
    const result = results.get(lesion.id);
    if (lesion.label === undefined || result?.state !== 'done' || result.probabilities === undefined) continue;
    total++;
    if (topClass(result.probabilities, classes) === lesion.label) right++;
  }
  return total === 0 ? null : { right, total };
}
