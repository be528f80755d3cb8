/**
 * A few identical workers that answer id-tagged requests, started as they are needed (one per
 * call at a time until the pool is full, then the least busy one), so several calls run on several
 * cores. A pool whose worker cannot start or stops answers null from then on, and the caller
 * computes the answer in the page: every worker of the app has that main-thread fallback.
 */
import { PendingCalls } from './pending-calls';

export interface WorkerPool<Request, Reply> {
  /**
   * Sends `request` (with an id) to a worker; resolves with its reply, or null when no worker can
   * answer. `transfer` moves buffers instead of copying them.
   */
  call(request: Request, transfer?: readonly Transferable[]): Promise<Reply | null>;
  /** Starts every worker now, and sends each `request` (its answer ignored) to warm it up. */
  warmUp(request: Request): void;
}

interface PoolWorker<Reply> {
  readonly worker: Worker;
  readonly calls: PendingCalls<Reply>;
}

/**
 * `start` makes one worker (`new Worker(new URL(…))`, which the bundler must see written out at
 * the call site); `size` is read when the pool grows, so nothing touches `navigator` on import.
 */
export function workerPool<Request extends object, Reply extends { readonly id: number }>(
  start: () => Worker,
  size: () => number,
): WorkerPool<Request, Reply> {
  const pool: PoolWorker<Reply>[] = [];
  let failed = false;

  const fail = (entry: PoolWorker<Reply>, why: string): void => {
    entry.worker.terminate();
    failed = true;
    pool.splice(pool.indexOf(entry), 1);
    entry.calls.failAll(new Error(why));
  };

  const grow = (): PoolWorker<Reply> | null => {
    try {
      const entry: PoolWorker<Reply> = { worker: start(), calls: new PendingCalls() };
      entry.worker.onmessage = (event: MessageEvent<Reply>) => {
        entry.calls.reply(event.data.id, event.data);
      };
      // A worker that cannot load sends an error event and nothing else: what waits on it is
      // answered in the page, and so is everything after.
      entry.worker.onerror = () => {
        fail(entry, 'a worker stopped');
      };
      pool.push(entry);
      return entry;
    } catch {
      failed = true;
      return null;
    }
  };

  /** An idle worker, a new one while the pool is not full, else the least busy. */
  const pick = (): PoolWorker<Reply> | null => {
    if (failed) return null;
    const idle = pool.find((entry) => entry.calls.size === 0);
    if (idle !== undefined) return idle;
    if (pool.length < Math.max(1, size())) return grow();
    return pool.reduce((a, b) => (b.calls.size < a.calls.size ? b : a));
  };

  const send = (entry: PoolWorker<Reply>, request: Request, transfer: readonly Transferable[]): Promise<Reply> =>
    entry.calls.call((id) => {
      entry.worker.postMessage({ ...request, id }, [...transfer]);
    });

  return {
    async call(request, transfer = []) {
      const entry = pick();
      return entry === null ? null : send(entry, request, transfer).catch(() => null);
    },
    warmUp(request) {
      if (failed || pool.length > 0) return;
      for (let i = 0; i < Math.max(1, size()); i++) {
        const entry = grow();
        if (entry === null) return;
        // Its answer is of no use; a failure shows on the first real call.
        void send(entry, request, []).catch(() => undefined);
      }
    },
  };
}
