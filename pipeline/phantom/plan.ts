/**
 * Which lesion classes each study gets. A study has 1–5 lesions: one of its primary class, and
 * for METS, 2–5 metastases in half of the studies (docs/phantom-specification.md); other studies may carry
 * incidental extra lesions. `perClass` makes the class counts exact.
 */
import type { LesionClass } from '../../src/core/labels';
import type { Rng } from '../../src/core/random';

export const MAX_LESIONS_PER_STUDY = 5;

export type StudyPlan = readonly LesionClass[];

function studyLesions(primary: LesionClass, allowed: readonly LesionClass[], rng: Rng): LesionClass[] {
  if (primary === 'METS') {
    return rng.bernoulli(0.5) ? Array.from({ length: rng.int(2, 5) }, () => 'METS' as const) : ['METS'];
  }
  const lesions: LesionClass[] = [primary];
  // Model: 40 % of studies carry 1–3 incidental lesions of any allowed class.
  if (rng.bernoulli(0.4)) {
    const extra = rng.int(1, 3);
    for (let i = 0; i < extra; i++) lesions.push(rng.pick(allowed));
  }
  return lesions;
}

/** `studies` studies with primary classes cycling through a shuffled list of `classes`. */
export function planByStudies(studies: number, classes: readonly LesionClass[], rng: Rng): StudyPlan[] {
  if (classes.length === 0) throw new Error('at least one lesion class is needed');
  const plans: StudyPlan[] = [];
  let order: LesionClass[] = [];
  for (let s = 0; s < studies; s++) {
    if (order.length === 0) order = rng.shuffle(classes);
    plans.push(studyLesions(order.pop() as LesionClass, classes, rng));
  }
  return plans;
}

/** As many studies as it takes for every class in `classes` to have exactly `perClass` lesions. */
export function planByClassCount(perClass: number, classes: readonly LesionClass[], rng: Rng): StudyPlan[] {
  if (classes.length === 0) throw new Error('at least one lesion class is needed');
  if (!Number.isInteger(perClass) || perClass < 1) throw new Error('--per-class must be a positive integer');
  const remaining = new Map(classes.map((c) => [c, perClass]));
  const plans: StudyPlan[] = [];
  for (;;) {
    const open = classes.filter((c) => (remaining.get(c) ?? 0) > 0);
    if (open.length === 0) return plans;
    // The class furthest from its target leads; ties broken at random.
    const most = Math.max(...open.map((c) => remaining.get(c) ?? 0));
    const primary = rng.pick(open.filter((c) => remaining.get(c) === most));
    const wanted = studyLesions(primary, open, rng);
    const taken: LesionClass[] = [];
    for (const label of wanted) {
      const left = remaining.get(label) ?? 0;
      if (left > 0) {
        taken.push(label);
        remaining.set(label, left - 1);
      }
    }
    plans.push(taken);
  }
}
