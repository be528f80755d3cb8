import { describe, expect, it } from 'vitest';
import { explain, type ScoreBatch } from './explain';
import { borderFill, maskInput, occlusionMap, occlusionWindows, rankedPixels, type InputDims } from './occlusion';

const dims: InputDims = { height: 40, width: 40, channels: 3 };

/** An input with a bright 8×8 "lesion" in channel 1 at rows/cols 10–17, border elsewhere 0. */
function lesionInput(): Float32Array {
  const input = new Float32Array(dims.height * dims.width * dims.channels);
  for (let row = 10; row < 18; row++)
    for (let col = 10; col < 18; col++) input[(row * dims.width + col) * dims.channels + 1] = 100;
  return input;
}

/** A toy two-class model: class 0's probability is the lesion's mean brightness in channel 1. */
const toyModel: ScoreBatch = (inputs) =>
  Promise.resolve({
    probabilities: inputs.map((input) => {
      let sum = 0;
      for (let row = 10; row < 18; row++)
        for (let col = 10; col < 18; col++) sum += input[(row * dims.width + col) * dims.channels + 1] ?? 0;
      const p = sum / (64 * 100);
      return [p, 1 - p];
    }),
  });

describe('occlusion windows', () => {
  it('cover the input with windows every stride, the last flush with the edge', () => {
    const windows = occlusionWindows({ height: 80, width: 80, channels: 3 }, { window: 20, stride: 10 });
    expect(windows).toHaveLength(49);
    expect(windows.at(-1)).toEqual({ row: 60, col: 60, size: 20 });
    const odd = occlusionWindows({ height: 25, width: 25, channels: 1 }, { window: 10, stride: 10 });
    expect(odd.map((w) => w.col).slice(0, 3)).toEqual([0, 10, 15]);
  });

  it('refuse a zero stride', () => {
    expect(() => occlusionWindows(dims, { window: 4, stride: 0 })).toThrow(/at least 1/);
  });
});

describe('masking', () => {
  it("fills hidden pixels with each channel's border median and leaves the rest", () => {
    const input = lesionInput();
    const fill = borderFill(input, dims);
    expect(Array.from(fill)).toEqual([0, 0, 0]);
    const masked = maskInput(input, dims, Float32Array.from([7, 8, 9]), (row, col) => row === 12 && col === 12);
    expect(masked[(12 * dims.width + 12) * 3 + 1]).toBe(8);
    expect(masked[(13 * dims.width + 13) * 3 + 1]).toBe(100);
    expect(input[(12 * dims.width + 12) * 3 + 1]).toBe(100);
  });

  it('hides one channel only when asked', () => {
    const input = lesionInput();
    const masked = maskInput(input, dims, Float32Array.from([7, 8, 9]), (row, col) => row === 12 && col === 12, 2);
    expect(Array.from(masked.subarray((12 * dims.width + 12) * 3, (12 * dims.width + 12) * 3 + 3))).toEqual([
      0, 100, 9,
    ]);
  });
});

describe('occlusion map', () => {
  it('averages the drop over the windows that hid each pixel', () => {
    const small: InputDims = { height: 4, width: 4, channels: 1 };
    const windows = occlusionWindows(small, { window: 2, stride: 2 });
    const map = occlusionMap(0.9, [0.1, 0.9, 0.9, 0.9], windows, small);
    expect(map[0]).toBeCloseTo(0.8);
    expect(map[3]).toBeCloseTo(0);
    expect(() => occlusionMap(0.9, [0.1], windows, small)).toThrow(/1 probabilities for 4/);
  });

  it('ranks a fixed share of pixels at either end', () => {
    const map = Float32Array.from([0.5, -0.2, 0.9, 0.1]);
    expect(Array.from(rankedPixels(map, 0.5, 'top'))).toEqual([1, 0, 1, 0]);
    expect(Array.from(rankedPixels(map, 0.25, 'bottom'))).toEqual([0, 1, 0, 0]);
  });
});

describe('explain', () => {
  it('puts the highest scores on the pixels the model reads, in the phase it reads them from, and names that phase', async () => {
    const result = await explain(toyModel, lesionInput(), dims, { spec: { window: 8, stride: 4 } });
    expect(result.classIndex).toBe(0);
    expect(result.baseProbability).toBeCloseTo(1);
    const [nc, art, pv] = result.maps;
    if (nc === undefined || art === undefined || pv === undefined) throw new Error('one map per phase');
    const at = (map: Float32Array, row: number, col: number) => map[row * dims.width + col] ?? Number.NaN;
    expect(at(art, 13, 13)).toBeGreaterThan(0.3);
    expect(at(art, 35, 35)).toBeCloseTo(0);
    // The toy model reads channel 1 only: hiding the same place in the other phases changes nothing.
    expect(Math.max(...nc.map(Math.abs))).toBeCloseTo(0);
    expect(Math.max(...pv.map(Math.abs))).toBeCloseTo(0);
    expect(result.peak).toBeCloseTo(Math.max(...art));
    const top = rankedPixels(art, 0.04, 'top');
    for (const [p, hidden] of top.entries())
      if (hidden === 1) {
        const row = Math.floor(p / dims.width);
        const col = p % dims.width;
        expect(row >= 6 && row < 22 && col >= 6 && col < 22).toBe(true);
      }
    expect(result.channelDrops[1]).toBeCloseTo(1);
    expect(result.channelDrops[0]).toBeCloseTo(0);
    expect(result.passes).toBe(1 + 3 * occlusionWindows(dims, { window: 8, stride: 4 }).length + 3);
  });

  it('explains the class it is asked about', async () => {
    const result = await explain(toyModel, lesionInput(), dims, { classIndex: 1, spec: { window: 8, stride: 8 } });
    expect(result.classIndex).toBe(1);
    expect(result.maps[1]?.[13 * dims.width + 13]).toBeLessThan(0);
  });

  it('refuses a model that scores fewer inputs than it was given', async () => {
    const short: ScoreBatch = () => Promise.resolve({ probabilities: [[1, 0]] });
    await expect(explain(short, lesionInput(), dims)).rejects.toThrow(/scored 1 of/);
  });
});
