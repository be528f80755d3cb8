import { describe, expect, it } from 'vitest';
import { workerPool } from './worker-pool';

interface Request {
  readonly value: number;
}
interface Reply {
  readonly id: number;
  readonly doubled: number;
  readonly by: number;
}

/** A stand-in for a Worker: answers when told to, or fails as a worker that cannot load does. */
class FakeWorker {
  static started = 0;
  readonly index = FakeWorker.started++;
  readonly inbox: { id: number; value: number }[] = [];
  terminated = false;
  onmessage: ((event: { data: Reply }) => void) | null = null;
  onerror: (() => void) | null = null;

  postMessage(message: { id: number; value: number }): void {
    this.inbox.push(message);
  }

  terminate(): void {
    this.terminated = true;
  }

  answerAll(): void {
    for (const { id, value } of this.inbox.splice(0))
      this.onmessage?.({ data: { id, doubled: 2 * value, by: this.index } });
  }
}

function poolOf(size: number) {
  const workers: FakeWorker[] = [];
  const pool = workerPool<Request, Reply>(
    () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker as unknown as Worker;
    },
    () => size,
  );
  return { pool, workers };
}

describe('workerPool', () => {
  it('spreads calls made together over new workers up to its size, then over the least busy', async () => {
    const { pool, workers } = poolOf(2);
    const calls = [1, 2, 3].map((value) => pool.call({ value }));
    expect(workers).toHaveLength(2);
    expect(workers.map((w) => w.inbox.length)).toEqual([2, 1]);
    for (const w of workers) w.answerAll();
    const replies = await Promise.all(calls);
    expect(replies.map((r) => r?.doubled)).toEqual([2, 4, 6]);
    expect(replies.map((r) => r?.by)).toEqual([workers[0]?.index, workers[1]?.index, workers[0]?.index]);
    // Idle again: the next call reuses a worker rather than starting one.
    const next = pool.call({ value: 5 });
    expect(workers).toHaveLength(2);
    for (const w of workers) w.answerAll();
    expect((await next)?.doubled).toBe(10);
  });

  it('answers null for what waits on a worker that fails, and from then on starts none', async () => {
    const { pool, workers } = poolOf(2);
    const waiting = pool.call({ value: 1 });
    workers[0]?.onerror?.();
    expect(await waiting).toBeNull();
    expect(workers[0]?.terminated).toBe(true);
    expect(await pool.call({ value: 2 })).toBeNull();
    expect(workers).toHaveLength(1);
  });

  it('answers null when no worker can start', async () => {
    const pool = workerPool<Request, Reply>(
      () => {
        throw new Error('workers are not allowed here');
      },
      () => 2,
    );
    expect(await pool.call({ value: 1 })).toBeNull();
  });

  it('warms up every worker once, ahead of the first call', () => {
    const { pool, workers } = poolOf(3);
    pool.warmUp({ value: 0 });
    pool.warmUp({ value: 0 });
    expect(workers).toHaveLength(3);
    expect(workers.map((w) => w.inbox.length)).toEqual([1, 1, 1]);
  });
});
