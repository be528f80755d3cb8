import { describe, expect, it } from 'vitest';
import { liverMask, softTissueMode } from './liver-mask';

describe('liverMask', () => {
  // A 31³ cube at 1 mm: liver (110 HU) in the lower half along x, fat (-100) elsewhere, a second
  // piece of liver-like tissue cut off by fat, and a bright lesion at the centre (the ROI).
  const n = 31;
  const half = (n - 1) / 2;
  const values = new Float32Array(n * n * n);
  for (let c = 0, p = 0; c < n; c++)
    for (let b = 0; b < n; b++)
      for (let a = 0; a < n; a++, p++) {
        const lesion = Math.hypot(a - half, b - half, c - half) <= 4;
        const liver = a <= half + 2;
        const island = a >= n - 4;
        values[p] = lesion ? 300 : liver || island ? 110 : -100;
      }
  const mask = liverMask({ n, values }, 1, 5);
  const at = (a: number, b: number, c: number): number => mask[a + b * n + c * n * n] ?? -1;

  it('keeps the ROI and the liver connected to it, grown by a few mm, and leaves out tissue cut off by fat', () => {
    expect(at(half, half, half)).toBe(1);
    expect(at(2, 2, 2)).toBe(1);
    // The liver's edge plus 3 mm of growth into the fat, not further.
    expect(at(half + 5, 2, 2)).toBe(1);
    expect(at(half + 7, 2, 2)).toBe(0);
    // The island is liver-like HU but not connected.
    expect(at(n - 1, 2, 2)).toBe(0);
  });

  it('reads the liver HU as the commonest soft tissue', () => {
    expect(softTissueMode(values)).toBeCloseTo(110, -1);
  });
});
