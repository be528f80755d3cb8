/**
 * Occlusion sensitivity: what the model's decision rests on, measured by hiding square windows of
 * its input (in one channel, that is one phase, at a time) and seeing how much the predicted
 * class's probability drops. It needs only forward passes, so it runs on any backend
 * the model runs on, and a window's score is a measured effect on the output, not a gradient's
 * local slope. Hidden pixels take the value of the patch's own border (per channel, the median of
 * its outermost pixels: mostly the liver around the lesion), so a window asks "what if this were
 * the surrounding tissue?" rather than inventing a colour the model never saw.
 */

import { median } from '../median';

export interface InputDims {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

export interface OcclusionSpec {
  /** Side of the hidden square, input pixels. */
  readonly window: number;
  readonly stride: number;
}

/**
 * Windows a quarter of the side, every eighth: 49 per phase on an 80² input, 147 passes for three
 * phases. A window is then about a third of a typical lesion's diameter (the patch holds the
 * ROI with half its radius of context), fine enough to tell a rim from a centre.
 */
export const DEFAULT_OCCLUSION: OcclusionSpec = { window: 20, stride: 10 };

export interface OcclusionWindow {
  readonly row: number;
  readonly col: number;
  readonly size: number;
}

/** Start positions along one side: every `stride`, plus the last one flush with the edge. */
function starts(length: number, spec: OcclusionSpec): number[] {
  const last = Math.max(0, length - spec.window);
  const out: number[] = [];
  for (let s = 0; s < last; s += spec.stride) out.push(s);
  out.push(last);
  return out;
}

export function occlusionWindows(dims: InputDims, spec: OcclusionSpec = DEFAULT_OCCLUSION): OcclusionWindow[] {
  if (spec.window < 1 || spec.stride < 1) throw new Error('occlusion window and stride must be at least 1');
  const size = Math.min(spec.window, dims.height, dims.width);
  const fitted = { ...spec, window: size };
  return starts(dims.height, fitted).flatMap((row) => starts(dims.width, fitted).map((col) => ({ row, col, size })));
}

/** Per channel, the median of the input's outermost `ring` pixels (HWC input). */
export function borderFill(input: Float32Array, dims: InputDims, ring = 4): Float32Array {
  const { height, width, channels } = dims;
  const fill = new Float32Array(channels);
  for (let ch = 0; ch < channels; ch++) {
    const values: number[] = [];
    for (let row = 0; row < height; row++) {
      for (let col = 0; col < width; col++) {
        const edge = row < ring || col < ring || row >= height - ring || col >= width - ring;
        if (edge) values.push(input[(row * width + col) * channels + ch] ?? 0);
      }
    }
    fill[ch] = median(values);
  }
  return fill;
}

/** A copy of `input` with the pixels where `hidden(row, col)` holds set to `fill`, in `channel` only or in all. */
export function maskInput(
  input: Float32Array,
  dims: InputDims,
  fill: Float32Array,
  hidden: (row: number, col: number) => boolean,
  channel?: number,
): Float32Array {
  const { height, width, channels } = dims;
  const [first, last] = channel === undefined ? [0, channels - 1] : [channel, channel];
  const out = input.slice();
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      if (!hidden(row, col)) continue;
      const base = (row * width + col) * channels;
      for (let ch = first; ch <= last; ch++) out[base + ch] = fill[ch] ?? 0;
    }
  }
  return out;
}

export const insideWindow =
  (w: OcclusionWindow) =>
  (row: number, col: number): boolean =>
    row >= w.row && row < w.row + w.size && col >= w.col && col < w.col + w.size;

/**
 * Each pixel's score: the mean drop of the class probability over the windows that hid it
 * (positive: hiding it lowers the probability, so the decision rests on it; negative: hiding
 * it raises it). Row-major, `height × width`.
 */
export function occlusionMap(
  baseProbability: number,
  windowProbabilities: readonly number[],
  windows: readonly OcclusionWindow[],
  dims: InputDims,
): Float32Array {
  if (windowProbabilities.length !== windows.length)
    throw new Error(
      `${String(windowProbabilities.length)} probabilities for ${String(windows.length)} occlusion windows`,
    );
  const { height, width } = dims;
  const sum = new Float32Array(height * width);
  const count = new Uint16Array(height * width);
  windows.forEach((w, n) => {
    const drop = baseProbability - (windowProbabilities[n] ?? baseProbability);
    for (let row = w.row; row < w.row + w.size; row++) {
      for (let col = w.col; col < w.col + w.size; col++) {
        const p = row * width + col;
        sum[p] = (sum[p] ?? 0) + drop;
        count[p] = (count[p] ?? 0) + 1;
      }
    }
  });
  return sum.map((s, p) => ((count[p] ?? 0) === 0 ? 0 : s / (count[p] ?? 1)));
}

/**
 * The `share` of pixels the map ranks highest (`'top'`) or lowest (`'bottom'`), as a mask: what
 * the deletion test hides. Ties are broken by position so the mask always has the same size.
 */
export function rankedPixels(map: Float32Array, share: number, end: 'top' | 'bottom'): Uint8Array {
  const n = Math.max(1, Math.round(map.length * share));
  const order = Array.from(map.keys()).sort((a, b) => {
    const d = (map[b] ?? 0) - (map[a] ?? 0);
    return d !== 0 ? d : a - b;
  });
  const chosen = end === 'top' ? order.slice(0, n) : order.slice(order.length - n);
  const mask = new Uint8Array(map.length);
  for (const p of chosen) mask[p] = 1;
  return mask;
}
