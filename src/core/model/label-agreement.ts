import type { LesionClass } from '../labels';
import type { Reading } from './reading';

/**
 * Of the labelled lesions the model has answered, how many it names with their label; null if
 * none. An answer of "none" (no lesion, uncertain, out of distribution) counts as not agreeing.
 */
export function labelAgreement(
  lesions: readonly { id: string; label?: LesionClass }[],
  results: ReadonlyMap<string, { state: string; reading?: Pick<Reading, 'answer'> }>,
): { right: number; total: number } | null {
  let right = 0;
  let total = 0;
  for (const lesion of lesions) {
    const result = results.get(lesion.id);
    if (lesion.label === undefined || result?.state !== 'done' || result.reading === undefined) continue;
    total++;
    const { answer } = result.reading;
    if (answer.kind === 'lesion' && answer.predicted === lesion.label) right++;
  }
  return total === 0 ? null : { right, total };
}
