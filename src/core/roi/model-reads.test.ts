import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createModelReads } from './model-reads';

/** Whether `promise` has settled once pending callbacks have run. */
async function isSettled(promise: Promise<void>): Promise<boolean> {
  let settled = false;
  void promise.then(() => (settled = true));
  await vi.advanceTimersByTimeAsync(0);
  return settled;
}

describe('model reads', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('holds a lesion until the model has read it, and no other lesion', async () => {
    const reads = createModelReads();
    reads.setActive(true);
    const first = reads.next('L1', 5000);
    const second = reads.next('L2', 5000);
    expect(await isSettled(first)).toBe(false);
    reads.settled('L1');
    expect(await isSettled(first)).toBe(true);
    expect(await isSettled(second)).toBe(false);
  });

  it('waits for nothing while no model is loaded, and lets go when the model goes', async () => {
    const reads = createModelReads();
    expect(await isSettled(reads.next('L1', 5000))).toBe(true);
    reads.setActive(true);
    const held = reads.next('L1', 5000);
    expect(await isSettled(held)).toBe(false);
    reads.setActive(false);
    expect(await isSettled(held)).toBe(true);
  });

  it('lets go after the limit when the reading never comes, and forgets the waiter', async () => {
    const reads = createModelReads();
    reads.setActive(true);
    const held = reads.next('L1', 2000);
    await vi.advanceTimersByTimeAsync(1999);
    expect(await isSettled(held)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await isSettled(held)).toBe(true);
    // A later wait is held afresh, not released by the expired one.
    const later = reads.next('L1', 2000);
    expect(await isSettled(later)).toBe(false);
    reads.settled('L1');
    expect(await isSettled(later)).toBe(true);
  });
});
