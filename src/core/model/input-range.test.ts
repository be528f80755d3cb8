import { describe, expect, it } from 'vitest';
import { outsideRange, roiDiscMeans } from './input-range';
import type { CropSpec } from '../roi/crop';

const spec: CropSpec = { inputSize: [12, 12], contextMargin: 0.5, huWindow: [-150, 250], mean: [0], std: [1] };

describe('roiDiscMeans', () => {
  it('averages only the ROI disc, not the context around it', () => {
    // Disc radius 12 / 2 / 1.5 = 4 px around the centre: 200 inside, 0 outside.
    const bytes = new Uint8Array(144);
    for (let row = 0; row < 12; row++)
      for (let col = 0; col < 12; col++) {
        const u = col + 0.5 - 6;
        const v = row + 0.5 - 6;
        bytes[row * 12 + col] = u * u + v * v <= 16 ? 200 : 0;
      }
    expect(roiDiscMeans([bytes, new Uint8Array(144).fill(7)], spec)).toEqual([200, 7]);
  });

  it('rejects a channel of the wrong size', () => {
    expect(() => roiDiscMeans([new Uint8Array(10)], spec)).toThrow(/expected 144/);
  });
});

describe('outsideRange', () => {
  const range = [
    [60, 200],
    [70, 210],
  ] as const;
  it('names the first channel outside its range', () => {
    expect(outsideRange([100, 100], range)).toBeUndefined();
    expect(outsideRange([10, 100], range)).toBe(0);
    expect(outsideRange([100, 250], range)).toBe(1);
    expect(outsideRange([Number.NaN, 100], range)).toBe(0);
  });
});
