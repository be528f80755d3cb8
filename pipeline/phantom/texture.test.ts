import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/random';
import { addRowStreaks } from './texture';

/** Correlation of neighbours `dx`, `dy` apart in one slice. */
function neighbourCorrelation(image: Float32Array, size: number, dx: number, dy: number): number {
  let sum = 0;
  let sumSq = 0;
  let cross = 0;
  let n = 0;
  for (let j = 0; j + dy < size; j++) {
    for (let i = 0; i + dx < size; i++) {
      const a = image[j * size + i] as number;
      const b = image[(j + dy) * size + i + dx] as number;
      sum += a;
      sumSq += a * a;
      cross += a * b;
      n++;
    }
  }
  const mean = sum / n;
  return (cross / n - mean * mean) / (sumSq / n - mean * mean);
}

describe('addRowStreaks', () => {
  const size = 128;
  const image = new Float32Array(size * size);
  addRowStreaks(image, size, size, 1, 10, 6, new Rng('streaks'));

  it('adds noise of the asked SD', () => {
    let sumSq = 0;
    for (const v of image) sumSq += v * v;
    expect(Math.sqrt(sumSq / image.length)).toBeGreaterThan(9);
    expect(Math.sqrt(sumSq / image.length)).toBeLessThan(11);
  });

  it('correlates along rows and not across them: streaks, as on real CT', () => {
    expect(neighbourCorrelation(image, size, 1, 0)).toBeGreaterThan(0.9);
    expect(Math.abs(neighbourCorrelation(image, size, 0, 1))).toBeLessThan(0.1);
  });

  it('gives the same noise for the same seed', () => {
    const again = new Float32Array(size * size);
    addRowStreaks(again, size, size, 1, 10, 6, new Rng('streaks'));
    expect(again).toEqual(image);
  });
});
