/**
 * One lesion's explanation from any model that scores batches of inputs: per input phase, the
 * occlusion map of its predicted class made by hiding windows of that phase alone (the other
 * phases stay), so each phase's map shows what of that phase the decision rests on; and how much
 * hiding each input phase entirely (every pixel of that channel set to its border value) lowers
 * that class — which phase the decision rests on most.
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
  /**
   * Per input channel (phase), per pixel (row-major): the mean drop of that class's probability
   * when that pixel is hidden in that phase only.
   */
  readonly maps: readonly Float32Array[];
  /** The largest absolute score over every map: one colour scale for all phases. */
  readonly peak: number;
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
  const channels = Array.from({ length: dims.channels }, (_, ch) => ch);
  const masked = channels.flatMap((ch) => windows.map((w) => maskInput(input, dims, fill, insideWindow(w), ch)));
  // Hiding one channel: every pixel of it takes its border value, the other channels stay.
  const channelHidden = channels.map((ch) => maskInput(input, dims, fill, () => true, ch));
  const { probabilities } = await score([input, ...masked, ...channelHidden]);
  const [base, ...rest] = probabilities;
  if (base === undefined || rest.length !== masked.length + dims.channels)
    throw new Error(`the model scored ${String(probabilities.length)} of ${String(1 + rest.length)} inputs`);
  const classIndex = options.classIndex ?? topClass(base, Array.from(base.keys())) ?? 0;
  const baseProbability = base[classIndex] ?? 0;
  const pick = (p: readonly number[]) => p[classIndex] ?? 0;
  const maps = channels.map((ch) =>
    occlusionMap(baseProbability, rest.slice(ch * windows.length, (ch + 1) * windows.length).map(pick), windows, dims),
  );
  let peak = 0;
  for (const map of maps) for (const v of map) peak = Math.max(peak, Math.abs(v));
  return {
    classIndex,
    baseProbability,
    maps,
    peak,
    height: dims.height,
    width: dims.width,
    channelDrops: rest.slice(masked.length).map((p) => baseProbability - pick(p)),
    passes: probabilities.length,
  };
}
