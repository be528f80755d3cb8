import { describe, expect, it } from 'vitest';
import { mapConcurrent } from './map-concurrent';

describe('mapConcurrent', () => {
  it('keeps the items order whatever order the tasks finish in, with at most `limit` running', async () => {
    let running = 0;
    let most = 0;
    const delays = [30, 5, 20, 1, 15, 2, 25, 3];
    const out = await mapConcurrent(delays, 3, async (ms, i) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running--;
      return `${String(i)}:${String(ms)}`;
    });
    expect(out).toEqual(delays.map((ms, i) => `${String(i)}:${String(ms)}`));
    expect(most).toBe(3);
  });

  it('runs nothing for no items, and rejects when a task does', async () => {
    expect(await mapConcurrent([], 4, () => Promise.resolve(1))).toEqual([]);
    await expect(
      mapConcurrent([1, 2], 2, (n) => (n === 2 ? Promise.reject(new Error('no')) : Promise.resolve(n))),
    ).rejects.toThrow('no');
  });
});
