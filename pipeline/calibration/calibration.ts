/**
 * Calibration of a model's softmax outputs on a labelled split: temperature scaling fitted by
 * maximum likelihood, the expected calibration error (ECE) with its reliability bins, the
 * confidence below which the page says "uncertain", and the ROI HU range of training lesions.
 */
import { calibrate } from '../../src/core/model/reading';
import type { InputRange } from '../../src/core/model/input-range';

export interface Scored {
  /** Softmax outputs of the model (classes, then no lesion where it has that output). */
  readonly outputs: readonly number[];
  /** Index of the true output. */
  readonly truth: number;
}

/** Mean negative log-likelihood of the true outputs at temperature `t`. */
export function nll(samples: readonly Scored[], t: number): number {
  let sum = 0;
  for (const s of samples) sum -= Math.log(Math.max(calibrate(s.outputs, t)[s.truth] ?? 0, 1e-12));
  return sum / Math.max(1, samples.length);
}

/** The temperature of least NLL, by golden-section search on log T over [0.05, 20]. */
export function fitTemperature(samples: readonly Scored[]): number {
  let lo = Math.log(0.05);
  let hi = Math.log(20);
  const g = (Math.sqrt(5) - 1) / 2;
  let a = hi - g * (hi - lo);
  let b = lo + g * (hi - lo);
  let fa = nll(samples, Math.exp(a));
  let fb = nll(samples, Math.exp(b));
  for (let i = 0; i < 60; i++) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - g * (hi - lo);
      fa = nll(samples, Math.exp(a));
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + g * (hi - lo);
      fb = nll(samples, Math.exp(b));
    }
  }
  return Math.exp((lo + hi) / 2);
}

export interface ReliabilityBin {
  readonly low: number;
  readonly high: number;
  readonly count: number;
  /** Mean top-1 confidence and accuracy of the samples in the bin (NaN when empty). */
  readonly confidence: number;
  readonly accuracy: number;
}

/** Top-1 confidence against accuracy in `bins` equal-width bins, and the ECE (their weighted gap). */
export function reliability(samples: readonly Scored[], t: number, bins = 10): { bins: ReliabilityBin[]; ece: number } {
  const sums = Array.from({ length: bins }, () => ({ count: 0, confidence: 0, correct: 0 }));
  for (const s of samples) {
    const p = calibrate(s.outputs, t);
    let best = 0;
    p.forEach((v, i) => {
      if (v > (p[best] ?? -1)) best = i;
    });
    const confidence = p[best] ?? 0;
    const bin = sums[Math.min(bins - 1, Math.floor(confidence * bins))];
    if (bin === undefined) continue;
    bin.count++;
    bin.confidence += confidence;
    bin.correct += best === s.truth ? 1 : 0;
  }
  const total = Math.max(1, samples.length);
  let ece = 0;
  const out = sums.map((b, i) => {
    if (b.count > 0) ece += (b.count / total) * Math.abs(b.correct / b.count - b.confidence / b.count);
    return {
      low: i / bins,
      high: (i + 1) / bins,
      count: b.count,
      confidence: b.count === 0 ? Number.NaN : b.confidence / b.count,
      accuracy: b.count === 0 ? Number.NaN : b.correct / b.count,
    };
  });
  return { bins: out, ece };
}

/**
 * Per channel, the span of the training lesions' ROI disc means, widened by `marginBytes`: an ROI
 * outside it holds HU that no lesion the model learned from had.
 */
export function lesionInputRange(roiMeans: readonly (readonly number[])[], marginBytes: number): InputRange {
  const channels = roiMeans[0]?.length ?? 0;
  return Array.from({ length: channels }, (_, ch) => {
    const values = roiMeans.map((m) => m[ch] ?? Number.NaN).filter(Number.isFinite);
    return [Math.max(0, Math.min(...values) - marginBytes), Math.min(255, Math.max(...values) + marginBytes)] as const;
  });
}
