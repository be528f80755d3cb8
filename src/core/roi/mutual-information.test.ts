import { describe, expect, it } from 'vitest';
import { Rng } from '../random';
import { Scorer, binned } from './mutual-information';

/** A textured cube of side n: blobs of three tissues, values in HU around 100. */
function texture(n: number, seed: string): Float32Array {
  const rng = new Rng(seed);
  const values = new Float32Array(n * n * n);
  const blobs = Array.from({ length: 12 }, () => ({
    at: [rng.uniform(0, n), rng.uniform(0, n), rng.uniform(0, n)],
    hu: rng.pick([40, 160, 220]),
  }));
  for (let c = 0, p = 0; c < n; c++)
    for (let b = 0; b < n; b++)
      for (let a = 0; a < n; a++, p++) {
        const near = blobs.find(
          (blob) => Math.hypot(a - (blob.at[0] ?? 0), b - (blob.at[1] ?? 0), c - (blob.at[2] ?? 0)) < 3,
        );
        values[p] = near?.hu ?? 100;
      }
  return values;
}

describe('Scorer', () => {
  const m = 21;
  const n = 15;
  const limit = 3;
  const moving = texture(m, 'mi');
  // The fixed cube is the moving one's centre shifted by (2, -1, 1), with its contrast inverted.
  const shift = [2, -1, 1] as const;
  const offset = (m - n) / 2;
  const fixed = new Float32Array(n * n * n);
  for (let c = 0, p = 0; c < n; c++)
    for (let b = 0; b < n; b++)
      for (let a = 0; a < n; a++, p++)
        fixed[p] =
          200 - (moving[a + offset + shift[0] + (b + offset + shift[1]) * m + (c + offset + shift[2]) * m * m] ?? 0);
  const mask = new Uint8Array(n * n * n).fill(1);

  it('scores highest where the fixed cube lies in the moving one, whatever maps their intensities', () => {
    const scorer = new Scorer(binned(fixed, 100), mask, n, binned(moving, 100), m, limit, 100_000);
    let best = { s: -Infinity, d: [0, 0, 0] };
    for (let c = -limit; c <= limit; c++)
      for (let b = -limit; b <= limit; b++)
        for (let a = -limit; a <= limit; a++) {
          const s = scorer.score(a, b, c);
          if (s > best.s) best = { s, d: [a, b, c] };
        }
    expect(best.d).toEqual([...shift]);
    expect(scorer.isPeak(...shift, best.s)).toBe(true);
    expect(scorer.isPeak(0, 0, 0, scorer.score(0, 0, 0))).toBe(false);
    expect(scorer.score(limit + 1, 0, 0)).toBe(-1);
  });

  it('gives 0 where less than half the fixed samples fall inside the moving volume', () => {
    const outside = moving.slice();
    // NaN (outside the volume) in the moving cube's upper two thirds along z.
    outside.fill(Number.NaN, Math.floor(m / 3) * m * m);
    const scorer = new Scorer(binned(fixed, 100), mask, n, binned(outside, 100), m, limit, 100_000);
    expect(scorer.score(...shift)).toBe(0);
  });

  it('thins the masked samples to between the number asked for and twice that', () => {
    const thinned = new Scorer(binned(fixed, 100), mask, n, binned(moving, 100), m, limit, 500).samples;
    expect(thinned).toBeGreaterThanOrEqual(500);
    expect(thinned).toBeLessThan(1000);
    const half = mask.map((_, p) => (p % 2 === 0 ? 1 : 0));
    expect(new Scorer(binned(fixed, 100), half, n, binned(moving, 100), m, limit, 100_000).samples).toBe(
      Math.ceil((n * n * n) / 2),
    );
  });
});
