import type { Reading } from './reading';

/** A lesion's classification as the page shows it, from whatever runs the model. */
export interface LesionResult {
  /** `pending`: classified before, for ROIs it no longer has; the new answer is not there yet. */
  readonly state: 'pending' | 'running' | 'done' | 'error';
  /** Calibrated probability per lesion class (the manifest's `classes` order): `reading.probabilities`. */
  readonly probabilities?: readonly number[];
  /** What the page answers (a class, or none with the reason), with the calibrated numbers. */
  readonly reading?: Reading;
  /** Time the model took for this lesion, ms. */
  readonly ms?: number;
  readonly message?: string;
  /** The ROIs this result is for (`roiSignature`). */
  readonly key?: string;
}
