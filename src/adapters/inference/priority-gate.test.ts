import { describe, expect, it } from 'vitest';
import { priorityGate } from './priority-gate';

/** A promise and the function that settles it. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('priorityGate', () => {
  it('is clear when nothing urgent runs', async () => {
    await expect(priorityGate().clear()).resolves.toBeUndefined();
  });

  it('holds batches back until every overlapping urgent run has finished', async () => {
    const gate = priorityGate();
    const first = deferred();
    const second = deferred();
    const runs = [gate.urgent(() => first.promise), gate.urgent(() => second.promise)];
    let cleared = false;
    const waiting = gate.clear().then(() => {
      cleared = true;
    });
    first.resolve();
    await flush();
    expect(cleared).toBe(false);
    second.resolve();
    await waiting;
    expect(cleared).toBe(true);
    await Promise.all(runs);
  });

  it('holds batches back while held, and only until released', async () => {
    const gate = priorityGate();
    const release = gate.hold();
    let cleared = false;
    const waiting = gate.clear().then(() => {
      cleared = true;
    });
    await flush();
    expect(cleared).toBe(false);
    release();
    await waiting;
    expect(cleared).toBe(true);
    // Released twice: the second call changes nothing, and the gate stays clear.
    release();
    await expect(gate.clear()).resolves.toBeUndefined();
  });

  it("passes the urgent work's result and error through, and is clear after a failure", async () => {
    const gate = priorityGate();
    await expect(gate.urgent(() => Promise.resolve(42))).resolves.toBe(42);
    await expect(gate.urgent(() => Promise.reject(new Error('device lost')))).rejects.toThrow('device lost');
    await expect(gate.clear()).resolves.toBeUndefined();
  });

  it('holds a batch that asks again when new urgent work started after the last ended', async () => {
    const gate = priorityGate();
    const first = deferred();
    void gate.urgent(() => first.promise);
    first.resolve();
    await flush();
    const later = deferred();
    void gate.urgent(() => later.promise);
    let cleared = false;
    const waiting = gate.clear().then(() => {
      cleared = true;
    });
    await flush();
    expect(cleared).toBe(false);
    later.resolve();
    await waiting;
    expect(cleared).toBe(true);
  });
});
