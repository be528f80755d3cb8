import { describe, expect, it } from 'vitest';
import { runAlignRequest, warmUpRequest } from './align-protocol';

describe('warmUpRequest', () => {
  it('runs the whole search: it finds the 4 mm move and is sure of it', () => {
    const response = runAlignRequest({ ...warmUpRequest(), id: 7 });
    if ('error' in response) throw new Error(response.error);
    expect(response.id).toBe(7);
    const [x, y, z] = response.alignment.shiftMm;
    expect(x).toBeCloseTo(4, 0);
    expect(Math.abs(y)).toBeLessThan(1);
    expect(Math.abs(z)).toBeLessThan(1);
    expect(response.alignment.confident).toBe(true);
  });
});
