import { describe, expect, it } from 'vitest';
import { blur, type Cube } from './sampling';

/** The definition: a Gaussian-weighted mean of the valid samples within the kernel's reach. */
function bruteForce(cube: Cube, sigma: number): Float32Array {
  const { n, values } = cube;
  const radius = Math.max(1, Math.ceil(2.5 * sigma));
  const k = (t: number): number => Math.exp((-0.5 * t * t) / (sigma * sigma));
  const out = new Float32Array(values.length);
  for (let c = 0; c < n; c++)
    for (let b = 0; b < n; b++)
      for (let a = 0; a < n; a++) {
        const p = a + b * n + c * n * n;
        if (Number.isNaN(values[p])) {
          out[p] = NaN;
          continue;
        }
        let sum = 0;
        let weight = 0;
        for (let z = Math.max(0, c - radius); z <= Math.min(n - 1, c + radius); z++)
          for (let y = Math.max(0, b - radius); y <= Math.min(n - 1, b + radius); y++)
            for (let x = Math.max(0, a - radius); x <= Math.min(n - 1, a + radius); x++) {
              const v = values[x + y * n + z * n * n] as number;
              if (Number.isNaN(v)) continue;
              const w = k(x - a) * k(y - b) * k(z - c);
              sum += w * v;
              weight += w;
            }
        out[p] = sum / weight;
      }
  return out;
}

function cube(n: number, missing: (a: number, b: number, c: number) => boolean): Cube {
  const values = new Float32Array(n * n * n);
  for (let c = 0, p = 0; c < n; c++)
    for (let b = 0; b < n; b++)
      for (let a = 0; a < n; a++, p++)
        values[p] = missing(a, b, c) ? NaN : 40 + 30 * Math.sin(a * 1.3 + b * 0.7) + 11 * c;
  return { n, values };
}

describe('blur', () => {
  it.each([
    ['no sample missing', () => false],
    ['a corner outside the volume', (a: number, b: number) => a + b < 4],
  ])('matches the normalised convolution with %s, edges included', (_, missing) => {
    const input = cube(9, missing);
    const expected = bruteForce(input, 1.2);
    const actual = blur(input, 1.2).values;
    for (let p = 0; p < expected.length; p++) {
      if (Number.isNaN(expected[p])) expect(actual[p]).toBeNaN();
      else expect(actual[p]).toBeCloseTo(expected[p] as number, 3);
    }
  });
});
