import { describe, expect, it } from 'vitest';
import { averageViews, checkViewCount, viewBatch, viewNames, type ViewDims } from './views';

const dims: ViewDims = { height: 2, width: 3, channels: 2 };
/** Pixel (row, col) holds channel 0 = 10·row + col and channel 1 = its negative. */
const input = Float32Array.from({ length: 12 }, (_, i) => {
  const pixel = Math.floor(i / 2);
  const value = 10 * Math.floor(pixel / 3) + (pixel % 3);
  return i % 2 === 0 ? value : -value;
});
const channel0 = (batch: Float32Array, view: number) => Array.from({ length: 6 }, (_, p) => batch[view * 12 + p * 2]);

describe('test-time views', () => {
  it('are the patch as drawn, mirrored left-right, upside down, and both, each pixel keeping its channels', () => {
    const batch = viewBatch(input, dims, 4);
    expect(batch).toHaveLength(48);
    expect(channel0(batch, 0)).toEqual([0, 1, 2, 10, 11, 12]);
    expect(channel0(batch, 1)).toEqual([2, 1, 0, 12, 11, 10]);
    expect(channel0(batch, 2)).toEqual([10, 11, 12, 0, 1, 2]);
    expect(channel0(batch, 3)).toEqual([12, 11, 10, 2, 1, 0]);
    for (let i = 0; i < 48; i += 2) expect(batch[i + 1]).toBe(-(batch[i] ?? 0));
  });

  it('take only as many as asked, the first as drawn', () => {
    expect(viewNames(2)).toEqual(['as drawn', 'mirrored left-right']);
    const one = viewBatch(input, dims, 1);
    expect(Array.from(one)).toEqual(Array.from(input));
    expect(viewBatch(input, dims, 2)).toHaveLength(24);
  });

  it('refuse a count the page cannot take, and an input of the wrong size', () => {
    expect(() => {
      checkViewCount(0);
    }).toThrow(/1 to 4/);
    expect(() => viewBatch(input, dims, 5)).toThrow(/1 to 4/);
    expect(() => viewBatch(input, dims, 1.5)).toThrow(/whole number/);
    expect(() => viewBatch(input.subarray(1), dims, 2)).toThrow(/needs 12 values/);
  });

  it('average to a probability vector', () => {
    const mean = averageViews([
      [0.7, 0.2, 0.1],
      [0.5, 0.4, 0.1],
    ]);
    expect(mean[0]).toBeCloseTo(0.6, 12);
    expect(mean[1]).toBeCloseTo(0.3, 12);
    expect(mean.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(() => averageViews([])).toThrow(/no view/);
    expect(() => averageViews([[1], [0.5, 0.5]])).toThrow(/different lengths/);
  });
});
