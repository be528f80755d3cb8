import { describe, expect, it } from 'vitest';
import { dealBatches, readHeadersInWorkers } from './header-workers';

describe('dealBatches', () => {
  it('deals runs in turn, every item once', () => {
    expect(dealBatches(7, 2, 2)).toEqual([
      [0, 1, 4, 5],
      [2, 3, 6],
    ]);
    expect(dealBatches(3, 4, 2)).toEqual([[0, 1], [2]]);
    expect(dealBatches(1, 2, 96)).toEqual([[0]]);
    const hands = dealBatches(1200, 2, 96);
    expect(hands.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 1200 }, (_, i) => i));
  });
});

describe('readHeadersInWorkers', () => {
  it('refuses sources that are not browser files, so the page reads them itself', async () => {
    const source = { name: 'a.dcm', read: () => Promise.resolve(new Uint8Array()) };
    await expect(readHeadersInWorkers([source], 16, () => undefined)).rejects.toThrow('not a browser file');
  });
});
