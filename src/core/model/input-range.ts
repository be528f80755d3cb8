/**
 * What the model's input looked like in training, and whether an ROI's looks like it: the mean
 * byte inside the ROI's disc on each input channel (HU-windowed as the model reads it). Air, fat,
 * bone or metal put those means where no training lesion ever was; the page then says the ROI is
 * outside what the model was trained on instead of trusting whatever its outputs say.
 */
import type { CropSpec } from '../roi/crop';

/** Mean byte inside the ROI's disc (radius = half-side / (1 + contextMargin)) of each channel. */
export function roiDiscMeans(channels: readonly Uint8Array[], spec: CropSpec): number[] {
  const [height, width] = spec.inputSize;
  const radius = Math.min(height, width) / 2 / (1 + spec.contextMargin);
  return channels.map((bytes, ch) => {
    if (bytes.length !== height * width)
      throw new Error(`channel ${String(ch)} has ${String(bytes.length)} values, expected ${String(height * width)}`);
    let sum = 0;
    let count = 0;
    for (let row = 0; row < height; row++) {
      const v = row + 0.5 - height / 2;
      for (let col = 0; col < width; col++) {
        const u = col + 0.5 - width / 2;
        if (u * u + v * v > radius * radius) continue;
        sum += bytes[row * width + col] as number;
        count++;
      }
    }
    return count === 0 ? Number.NaN : sum / count;
  });
}

/** Per channel, the [low, high] disc means a lesion can have and still be one the model knows. */
export type InputRange = readonly (readonly [number, number])[];

/** The first channel whose mean lies outside its range, or undefined when every one is inside. */
export function outsideRange(means: readonly number[], range: InputRange): number | undefined {
  const index = means.findIndex((m, ch) => {
    const r = range[ch];
    return r !== undefined && !(m >= r[0] && m <= r[1]);
  });
  return index < 0 ? undefined : index;
}
