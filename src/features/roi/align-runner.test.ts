import { afterEach, describe, expect, it, vi } from 'vitest';
import { warmUpRequest } from './align-protocol';
import { runAlignment, warmUpAlignment } from './align-runner';

describe('runAlignment without workers', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('runs the same search in the page and finds the shift', async () => {
    // Node has no Worker: the pool cannot start one, as in a browser that refuses workers.
    vi.stubGlobal('navigator', { hardwareConcurrency: 4 });
    vi.stubGlobal('Worker', undefined);
    const { fixed, moving, center, radiusMm, options } = warmUpRequest();
    const alignment = await runAlignment({ fixed, moving, center, radiusMm, options });
    // The warm-up's moving volume is the fixed one moved 4 mm along x.
    expect(alignment.shiftMm[0]).toBeCloseTo(4, 0);
    expect(Math.abs(alignment.shiftMm[1])).toBeLessThan(1);
    expect(Math.abs(alignment.shiftMm[2])).toBeLessThan(1);
    // Warming up, once workers are known to be unavailable, is a no-op that does not throw.
    expect(() => {
      warmUpAlignment();
    }).not.toThrow();
  });
});
