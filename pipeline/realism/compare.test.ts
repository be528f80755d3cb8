import { describe, expect, it } from 'vitest';
import { outsideBy, spread } from './compare';

describe('spread', () => {
  it('gives mean, min and max of the finite values', () => {
    expect(spread([3, 1, Number.NaN, 8])).toEqual({ mean: 4, min: 1, max: 8, count: 3 });
    expect(spread([Number.NaN])).toBeNull();
    expect(spread([])).toBeNull();
  });
});

describe('outsideBy', () => {
  const range = { mean: 5, min: 2, max: 9, count: 4 };
  it('is 0 inside the range (ends included), signed distance to the nearest end outside', () => {
    expect(outsideBy(2, range)).toBe(0);
    expect(outsideBy(9, range)).toBe(0);
    expect(outsideBy(12.5, range)).toBe(3.5);
    expect(outsideBy(-1, range)).toBe(-3);
  });
});
