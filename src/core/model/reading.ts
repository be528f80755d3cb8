/**
 * What the page says for an ROI, from the model's raw output: calibrated probabilities, and an
 * answer that is a lesion class only when the model is sure enough and the ROI looks like what
 * it was trained on. Otherwise the answer is "none", with the reason: the model's own "no focal
 * lesion" output won (`no-lesion`), no class is probable enough (`uncertain`), or the ROI's HU lie
 * where no training lesion's did (`out-of-distribution`: air, fat, bone, metal). The page, the
 * model's evaluation and CI's check of the shipped figures all read outputs through here.
 */
import type { LesionClass } from '../labels';
import { outsideRange, type InputRange } from './input-range';

export type NoneReason = 'no-lesion' | 'uncertain' | 'out-of-distribution';

/** How to read a model's outputs (from its manifest). */
export interface ReadingPolicy {
  readonly classes: readonly LesionClass[];
  /** The model has one more output after its classes: "no focal lesion". */
  readonly noLesionOutput: boolean;
  /** Temperature scaling fitted on the validation split (1: the outputs as they are). */
  readonly temperature: number;
  /** A lesion class is named only when its calibrated probability reaches this. */
  readonly uncertainBelow: number;
  /** Per input channel, the ROI disc means (bytes) that training lesions spanned. */
  readonly inputRange: InputRange | undefined;
}

/** What can be named in an uncertain answer: a lesion class, or no focal lesion. */
export type Candidate = LesionClass | 'no focal lesion';

export type Answer =
  | { readonly kind: 'lesion'; readonly predicted: LesionClass }
  | { readonly kind: 'none'; readonly reason: NoneReason; readonly top: readonly Candidate[] };

export interface Reading {
  /** Calibrated probability of each lesion class, in `classes` order. */
  readonly probabilities: readonly number[];
  /** Calibrated probability of no focal lesion (undefined for a model without that output). */
  readonly noLesion: number | undefined;
  readonly answer: Answer;
}

/**
 * Temperature scaling applied to softmax outputs: softmax(z / T) = p^(1/T) / Σ p^(1/T), so the
 * graph keeps its softmax output (and its parity with training) and the page calibrates it.
 */
export function calibrate(probabilities: readonly number[], temperature: number): number[] {
  if (!(temperature > 0)) throw new Error(`temperature must be positive (got ${String(temperature)})`);
  const logs = probabilities.map((p) => Math.log(Math.max(p, 1e-45)) / temperature);
  const top = Math.max(...logs);
  const scaled = logs.map((l) => Math.exp(l - top));
  const sum = scaled.reduce((a, b) => a + b, 0);
  return scaled.map((v) => v / sum);
}

/** The model output the reading ranks first (classes, then no focal lesion): what an explanation explains. */
export function shownOutput(reading: Reading): number {
  const outputs = [...reading.probabilities, ...(reading.noLesion === undefined ? [] : [reading.noLesion])];
  return outputs.reduce((best, p, i) => (p > (outputs[best] ?? -1) ? i : best), 0);
}

/** Reads one output vector (softmax, classes then the no-lesion output) for an ROI. */
export function readOutput(raw: readonly number[], policy: ReadingPolicy, roiMeans?: readonly number[]): Reading {
  const expected = policy.classes.length + (policy.noLesionOutput ? 1 : 0);
  if (raw.length !== expected)
    throw new Error(`the model gave ${String(raw.length)} outputs, its manifest describes ${String(expected)}`);
  const calibrated = calibrate(raw, policy.temperature);
  const probabilities = calibrated.slice(0, policy.classes.length);
  const noLesion = policy.noLesionOutput ? calibrated[policy.classes.length] : undefined;
  const ranked: { name: Candidate; p: number }[] = [
    ...policy.classes.map((name, i) => ({ name, p: probabilities[i] ?? 0 })),
    ...(noLesion === undefined ? [] : [{ name: 'no focal lesion' as const, p: noLesion }]),
  ].sort((a, b) => b.p - a.p);
  const top = ranked.slice(0, 2).map((r) => r.name);
  const none = (reason: NoneReason): Reading => ({ probabilities, noLesion, answer: { kind: 'none', reason, top } });
  if (
    roiMeans !== undefined &&
    policy.inputRange !== undefined &&
    outsideRange(roiMeans, policy.inputRange) !== undefined
  )
    return none('out-of-distribution');
  const best = ranked[0];
  // Not sure either way (not even that there is no lesion): say so, with the two candidates.
  if (best === undefined || best.p < policy.uncertainBelow) return none('uncertain');
  if (best.name === 'no focal lesion') return none('no-lesion');
  return { probabilities, noLesion, answer: { kind: 'lesion', predicted: best.name } };
}

/** The page's one-line answer. */
export function answerText(answer: Answer): string {
  if (answer.kind === 'lesion') return answer.predicted;
  switch (answer.reason) {
    case 'no-lesion':
      return 'No focal lesion recognised in this ROI';
    case 'out-of-distribution':
      return 'Outside what this model was trained on';
    case 'uncertain':
      return `Uncertain: ${answer.top.join(' or ')}`;
  }
}

/** The answer inside a sentence ("model says …"): only a leading capital is lowered, never "ROI" or a class. */
export function answerPhrase(answer: Answer): string {
  const text = answerText(answer);
  return answer.kind === 'lesion' ? text : `${text.charAt(0).toLowerCase()}${text.slice(1)}`;
}
