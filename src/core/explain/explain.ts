/**
 * One lesion's explanation from any model that scores batches of inputs: the occlusion map of
 * its predicted class, and how much hiding each input phase entirely (every pixel of that channel
 * set to its border value) lowers that class — which phase the decision rests on.
 */
import { topClass } from '../model/top-class';
import {
  borderFill,
  DEFAULT_OCCLUSION,
  insideWindow,
  maskInput,
  occlusionMap,
  occlusionWindows,
  type InputDims,
  type OcclusionSpec,
} from './occlusion';

export type ScoreBatch = (inputs: readonly Float32Array[]) => Promise<{ probabilities: number[][] }>;

export interface Explanation {
  /** The class explained (the predicted one unless asked otherwise). */
  readonly classIndex: number;
  readonly baseProbability: number;
  /** Per input pixel, the mean drop of that class's probability when hidden (row-major). */
  readonly map: Float32Array;
  readonly height: number;
  readonly width: number;
  /** Per input channel (phase), the drop when that whole channel is hidden. */
  readonly channelDrops: readonly number[];
  /** Forward passes it took. */
  readonly passes: number;
}

export async function explain(
  score: ScoreBatch,
  input: Float32Array,
  dims: InputDims,
  options: { classIndex?: number; spec?: OcclusionSpec } = {},
): Promise<Explanation> {
  const windows = occlusionWindows(dims, options.spec ?? DEFAULT_OCCLUSION);
  const fill = borderFill(input, dims);
  const masked = windows.map((w) => maskInput(input, dims, fill, insideWindow(w)));
  // Hiding one channel: every pixel of it takes its border value, the other channels stay.
  const channelHidden = Array.from({ length: dims.channels }, (_, ch) => {
    const out = input.slice();
    for (let p = ch; p < out.length; p += dims.channels) out[p] = fill[ch] ?? 0;
    return out;
  });
  const { probabilities } = await score([input, ...masked, ...channelHidden]);
  const [base, ...rest] = probabilities;
  if (base === undefined || rest.length !== windows.length + dims.channels)
    throw new Error(`the model scored ${String(probabilities.length)} of ${String(1 + rest.length)} inputs`);
  const classIndex = options.classIndex ?? topClass(base, Array.from(base.keys())) ?? 0;
  const baseProbability = base[classIndex] ?? 0;
  const pick = (p: readonly number[]) => p[classIndex] ?? 0;
  return {
    classIndex,
    baseProbability,
    map: occlusionMap(baseProbability, rest.slice(0, windows.length).map(pick), windows, dims),
    height: dims.height,
    width: dims.width,
    channelDrops: rest.slice(windows.length).map((p) => baseProbability - pick(p)),
    passes: probabilities.length,
  };
}
