/** Disc and square regions on synthetic slices whose statistics are known. */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/random';
import { discStats, squareAt, type SliceGeometry } from './slice-roi';

const GEOMETRY: SliceGeometry = { columns: 200, rows: 160, x0: -100, y0: -60, columnSpacing: 0.8, rowSpacing: 0.75 };

describe('discStats', () => {
  it('gives the mean and SD of Gaussian noise of known SD, and about πr² / pixel-area pixels', () => {
    const rng = new Rng('disc');
    const pixels = Float32Array.from({ length: 200 * 160 }, () => 50 + 12 * rng.normal());
    const sample = discStats(pixels, GEOMETRY, -30, 0, 20);
    expect(sample).not.toBeNull();
    if (sample === null) return;
    expect(sample.count / ((Math.PI * 20 * 20) / (0.8 * 0.75))).toBeCloseTo(1, 1);
    expect(sample.mean).toBeCloseTo(50, 0);
    expect(sample.sd).toBeGreaterThan(11.5);
    expect(sample.sd).toBeLessThan(12.5);
  });

  it('takes only the pixels inside the disc, in patient mm', () => {
    // Left half (x < 0) 0 HU, right half 100 HU: a disc centred at x = +10, radius 5, sees only 100.
    const pixels = Float32Array.from({ length: 200 * 160 }, (_, p) => (-100 + (p % 200) * 0.8 < 0 ? 0 : 100));
    expect(discStats(pixels, GEOMETRY, 10, 0, 5)?.mean).toBe(100);
    expect(discStats(pixels, GEOMETRY, -10, 0, 5)?.mean).toBe(0);
    expect(discStats(pixels, GEOMETRY, 0, 0, 5)?.mean).toBeCloseTo(50, -1);
    expect(discStats(pixels, GEOMETRY, 1000, 0, 5)).toBeNull();
  });
});

describe('squareAt', () => {
  it('cuts the square centred on a point, and refuses one that leaves the slice', () => {
    const pixels = Float32Array.from({ length: 200 * 160 }, (_, p) => p);
    // Column 100 is at x = -20, row 80 at y = 0.
    const square = squareAt(pixels, GEOMETRY, -20, 0, 3);
    expect(Array.from(square ?? [])).toEqual([
      79 * 200 + 99,
      79 * 200 + 100,
      79 * 200 + 101,
      80 * 200 + 99,
      80 * 200 + 100,
      80 * 200 + 101,
      81 * 200 + 99,
      81 * 200 + 100,
      81 * 200 + 101,
    ]);
    expect(squareAt(pixels, GEOMETRY, -99, 0, 5)).toBeNull();
  });
});
