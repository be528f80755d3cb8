/**
 * What the page would answer on a labelled dataset, through the same `readOutput` it runs:
 * lesion accuracy and recall (an answer of "none" counts as a miss), the share of lesions refused,
 * and the share of normal-tissue ROIs answered "none", by tissue. Also the uncertainty threshold
 * chosen on validation.
 */
import { LESION_CLASSES, NO_LESION, type ModelLabel } from '../../src/core/labels';
import { readOutput, type NoneReason, type ReadingPolicy } from '../../src/core/model/reading';

export interface LabelledOutput {
  readonly outputs: readonly number[];
  readonly label: ModelLabel;
  readonly roiMeans: readonly number[];
  readonly tissue?: string;
  /** The sample's lesion or ROI id and radius, for the lines that list ROIs one by one. */
  readonly id?: string;
  readonly radiusMm?: number;
}

export interface DecisionMetrics {
  readonly lesions: number;
  /** Lesions named with their true class, over all lesions. */
  readonly accuracy: number;
  readonly perClassRecall: Record<string, number | null>;
  /** Rows: true lesion class; columns: the answer, each lesion class then "none". */
  readonly confusionMatrix: number[][];
  /** Lesions answered "none" (any reason), over all lesions. */
  readonly lesionsRefused: number;
  /** Among lesions named with a class, the share named right. */
  readonly namedAccuracy: number;
  readonly normal: number;
  /** Normal-tissue ROIs answered "none", over all of them. */
  readonly normalAnsweredNone: number;
  readonly normalByTissue: Record<string, { readonly count: number; readonly none: number }>;
  readonly reasons: Record<'lesion' | 'normal', Record<NoneReason, number>>;
}

const noReasons = (): Record<NoneReason, number> => ({ 'no-lesion': 0, uncertain: 0, 'out-of-distribution': 0 });

export function decisionMetrics(samples: readonly LabelledOutput[], policy: ReadingPolicy): DecisionMetrics {
  const perClass = new Map<string, { n: number; right: number }>(LESION_CLASSES.map((c) => [c, { n: 0, right: 0 }]));
  const byTissue: Record<string, { count: number; none: number }> = {};
  const reasons = { lesion: noReasons(), normal: noReasons() };
  const matrix = LESION_CLASSES.map(() => LESION_CLASSES.map(() => 0).concat(0));
  let lesions = 0;
  let right = 0;
  let refused = 0;
  let normal = 0;
  let normalNone = 0;
  for (const s of samples) {
    const { answer } = readOutput(s.outputs, policy, s.roiMeans);
    if (s.label === NO_LESION) {
      normal++;
      const t = (byTissue[s.tissue ?? 'unknown'] ??= { count: 0, none: 0 });
      t.count++;
      if (answer.kind === 'none') {
        normalNone++;
        t.none++;
        reasons.normal[answer.reason]++;
      }
      continue;
    }
    lesions++;
    const c = perClass.get(s.label);
    if (c !== undefined) c.n++;
    const row = matrix[LESION_CLASSES.indexOf(s.label)];
    const column = answer.kind === 'none' ? LESION_CLASSES.length : LESION_CLASSES.indexOf(answer.predicted);
    if (row !== undefined) row[column] = (row[column] ?? 0) + 1;
    if (answer.kind === 'none') {
      refused++;
      reasons.lesion[answer.reason]++;
    } else if (answer.predicted === s.label) {
      right++;
      if (c !== undefined) c.right++;
    }
  }
  return {
    lesions,
    accuracy: right / Math.max(1, lesions),
    perClassRecall: Object.fromEntries([...perClass].map(([k, v]) => [k, v.n === 0 ? null : v.right / v.n])),
    confusionMatrix: matrix,
    lesionsRefused: refused / Math.max(1, lesions),
    namedAccuracy: right / Math.max(1, lesions - refused),
    normal,
    normalAnsweredNone: normalNone / Math.max(1, normal),
    normalByTissue: byTissue,
    reasons,
  };
}

/**
 * The largest threshold (0 … 0.9, steps of 0.01) at which "uncertain" leaves at most
 * `extraRefusals` more of the validation lesions unnamed than the other reasons already do: the
 * model names a class only when it is this sure, at a known cost in lesions left unnamed.
 */
export function chooseUncertainBelow(
  validation: readonly LabelledOutput[],
  policy: Omit<ReadingPolicy, 'uncertainBelow'>,
  extraRefusals: number,
): number {
  const budget = decisionMetrics(validation, { ...policy, uncertainBelow: 0 }).lesionsRefused + extraRefusals;
  let chosen = 0;
  for (let step = 1; step <= 90; step++) {
    const t = step / 100;
    if (decisionMetrics(validation, { ...policy, uncertainBelow: t }).lesionsRefused <= budget + 1e-12) chosen = t;
    else break;
  }
  return chosen;
}

/** The lesion class named least often when it was the truth (classes absent from the set left out). */
export function lowestRecall(m: DecisionMetrics): { readonly label: string; readonly recall: number } | null {
  const [label, recall] =
    Object.entries(m.perClassRecall)
      .filter((e): e is [string, number] => e[1] !== null)
      .sort((a, b) => a[1] - b[1])[0] ?? [];
  return label === undefined || recall === undefined ? null : { label, recall };
}

/** "90.5 %", as the model card and the comparison tables write a share; "—" for none. */
export const percentText = (v: number | null | undefined): string =>
  v === null || v === undefined ? '—' : `${(100 * v).toFixed(1)} %`;
