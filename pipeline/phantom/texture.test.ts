import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/random';
import { addRowStreaks, cellNoise3 } from './texture';

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

describe('cellNoise3', () => {
  const cellMm = 10;
  const cells = cellNoise3(1234, cellMm);
  // A line of 400 mm sampled every 0.1 mm.
  const line = Array.from({ length: 4000 }, (_, n) => cells(n * 0.1, 3.7, -2.2));

  it('is the same field for the same seed and another for another seed', () => {
    expect(cellNoise3(1234, cellMm)(5, 6, 7)).toEqual(cells(5, 6, 7));
    const other = cellNoise3(99, cellMm);
    expect(line.filter((s, n) => other(n * 0.1, 3.7, -2.2).value !== s.value).length).toBeGreaterThan(2000);
  });

  it('holds one value per nodule, changing only across a wall', () => {
    for (let n = 1; n < line.length; n++) {
      const a = line[n - 1] as { value: number; wallMm: number };
      const b = line[n] as { value: number; wallMm: number };
      if (a.value !== b.value) expect(Math.min(a.wallMm, b.wallMm)).toBeLessThan(0.2);
      else if (Math.min(a.wallMm, b.wallMm) > 0.2) expect(b.value).toBe(a.value);
    }
  });

  it('cuts space into nodules of about the asked size, with values spread over [-1, 1]', () => {
    let changes = 0;
    for (let n = 1; n < line.length; n++) if (line[n]?.value !== line[n - 1]?.value) changes++;
    // A line crosses a nodule every cellMm or so (one seed per cube of that side).
    expect(changes).toBeGreaterThan(400 / cellMm / 2);
    expect(changes).toBeLessThan((400 / cellMm) * 2);
    const values = line.map((s) => s.value);
    expect(Math.min(...values)).toBeLessThan(-0.5);
    expect(Math.max(...values)).toBeGreaterThan(0.5);
    expect(values.every((v) => v >= -1 && v <= 1)).toBe(true);
    expect(line.every((s) => s.wallMm >= 0)).toBe(true);
  });
});
