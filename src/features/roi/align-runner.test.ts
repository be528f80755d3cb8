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

describe('runAlignment on a worker', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('hands the moving volume over rather than copying it, and says so when the worker then stops', async () => {
    let transferred: readonly unknown[] = [];
    /** A worker that takes the request and stops, as one that runs out of memory. */
    class StoppingWorker {
      onmessage: ((event: MessageEvent) => void) | null = null;
      onerror: (() => void) | null = null;
      postMessage(_message: unknown, transfer: readonly ArrayBuffer[] = []): void {
        transferred = transfer;
        structuredClone(null, { transfer: [...transfer] });
        setTimeout(() => this.onerror?.(), 0);
      }
      terminate(): void {}
    }
    vi.stubGlobal('navigator', { hardwareConcurrency: 2 });
    vi.stubGlobal('Worker', StoppingWorker);
    // A fresh module: the pool of the test above knows workers cannot start.
    vi.resetModules();
    const fresh = await import('./align-runner');
    const { fixed, moving, center, radiusMm, options } = warmUpRequest();
    const movingBuffer = (moving.values as Float32Array).buffer;
    await expect(fresh.runAlignment({ fixed, moving, center, radiusMm, options })).rejects.toThrow(
      'the alignment worker stopped',
    );
    expect(transferred).toEqual([movingBuffer]);
    // The fixed volume, shared by the phases, is still the page's.
    expect(fixed.values.length).toBeGreaterThan(0);
  });
});
