/**
 * Test-time views: the model reads the same patch flipped, and the page averages its outputs.
 * A lesion's class does not depend on which way the patch is turned, and the network, trained
 * with flips, still answers each orientation a little differently; the average of a few is a
 * steadier answer than any one (measured in README, "Test-time views"). The manifest says how
 * many views its calibration was fitted on, and the page, the evaluation and CI read it the same way.
 */

/** Height, width and channels of a model input laid out HWC. */
export interface ViewDims {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

/** The views in the order they are taken (rows flipped, columns flipped), and what each is called. */
const FLIPS: readonly (readonly [flipRows: boolean, flipCols: boolean, name: string])[] = [
  [false, false, 'as drawn'],
  [false, true, 'mirrored left-right'],
  [true, false, 'upside down'],
  [true, true, 'turned half a turn'],
];

export const MAX_VIEWS = FLIPS.length;

/** The first `count` views' names, for the model card. */
export function viewNames(count: number): string[] {
  checkViewCount(count);
  return FLIPS.slice(0, count).map(([, , name]) => name);
}

export function checkViewCount(count: number): void {
  if (!Number.isInteger(count) || count < 1 || count > MAX_VIEWS)
    throw new Error(`views must be a whole number from 1 to ${String(MAX_VIEWS)} (got ${String(count)})`);
}

/** The first `count` views of `input`, laid end to end (one batch for the model). */
export function viewBatch(input: Float32Array, dims: ViewDims, count: number): Float32Array {
  checkViewCount(count);
  const { height, width, channels } = dims;
  const perInput = height * width * channels;
  if (input.length !== perInput)
    throw new Error(`a view needs ${String(perInput)} values, the input has ${String(input.length)}`);
  const batch = new Float32Array(count * perInput);
  FLIPS.slice(0, count).forEach(([flipRows, flipCols], view) => {
    const offset = view * perInput;
    for (let row = 0; row < height; row++) {
      const fromRow = flipRows ? height - 1 - row : row;
      for (let col = 0; col < width; col++) {
        const fromCol = flipCols ? width - 1 - col : col;
        const from = (fromRow * width + fromCol) * channels;
        batch.set(input.subarray(from, from + channels), offset + (row * width + col) * channels);
      }
    }
  });
  return batch;
}

/** The mean of the views' softmax outputs: still a probability vector, which calibration then scales. */
export function averageViews(outputs: readonly (readonly number[])[]): number[] {
  const first = outputs[0];
  if (first === undefined) throw new Error('no view to average');
  if (outputs.some((o) => o.length !== first.length)) throw new Error('views gave outputs of different lengths');
  return first.map((_, k) => outputs.reduce((sum, o) => sum + (o[k] ?? 0), 0) / outputs.length);
}
