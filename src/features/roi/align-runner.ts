/**
 * Runs alignments off the main thread so the page stays responsive while the phases are
 * matched, on a small pool of workers so the phases of one ROI are matched at the same time
 * (one per core, at most three: the three phases besides the drawn one; the page waits
 * meanwhile, so it needs no core of its own). Where workers are unavailable it runs them in the
 * page instead.
 */
import { PendingCalls } from '../../core/pending-calls';
import type { Alignment } from '../../core/roi/align';
import { runAlignRequest, warmUpRequest, type AlignRequest, type AlignResponse } from './align-protocol';

interface PoolWorker {
  readonly worker: Worker;
  readonly calls: PendingCalls<AlignResponse>;
}

const pool: PoolWorker[] = [];
/** Set once a worker could not start: everything runs in the page from then on. */
let workersFailed = false;

function startWorker(): PoolWorker | null {
  try {
    const worker = new Worker(new URL('./align.worker.ts', import.meta.url), { type: 'module' });
    const entry: PoolWorker = { worker, calls: new PendingCalls() };
    worker.onmessage = (event: MessageEvent<AlignResponse>) => {
      entry.calls.reply(event.data.id, event.data);
    };
    worker.onerror = () => {
      // A worker that cannot start: what is waiting is answered in the page; no workers from now on.
      worker.terminate();
      workersFailed = true;
      pool.splice(pool.indexOf(entry), 1);
      entry.calls.failAll(new Error('the alignment worker stopped'));
    };
    return entry;
  } catch {
    workersFailed = true;
    return null;
  }
}

const poolSize = (): number => Math.max(1, Math.min(3, navigator.hardwareConcurrency || 2));

/** An idle worker, a new one while the pool is not full, else the least busy. */
function pickWorker(): PoolWorker | null {
  if (workersFailed) return null;
  const idle = pool.find((entry) => entry.calls.size === 0);
  if (idle !== undefined) return idle;
  if (pool.length < poolSize()) {
    const started = startWorker();
    if (started !== null) pool.push(started);
    return started;
  }
  return pool.reduce((a, b) => (b.calls.size < a.calls.size ? b : a));
}

export async function runAlignment(request: Omit<AlignRequest, 'id'>): Promise<Alignment> {
  const active = pickWorker();
  const response =
    active === null
      ? null
      : await active.calls
          .call((id) => {
            active.worker.postMessage({ ...request, id });
          })
          .catch(() => null);
  if (response !== null && !('error' in response)) return response.alignment;
  // No worker, or it failed: the page computes the same answer itself.
  const local = runAlignRequest({ ...request, id: 0 });
  if ('error' in local) throw new Error(local.error);
  return local.alignment;
}

/**
 * Starts the pool and runs a small alignment on each worker while the user is still looking, so
 * the first ROI pays neither the workers' start nor the compiling of the search. Nothing runs in
 * the page when workers are unavailable.
 */
export function warmUpAlignment(): void {
  if (workersFailed || pool.length > 0) return;
  for (let i = 0; i < poolSize(); i++) {
    const entry = pickWorker();
    if (entry === null) return;
    // Its answer is of no use; a failure shows on the first real alignment.
    void entry.calls
      .call((id) => {
        entry.worker.postMessage(warmUpRequest(id));
      })
      .catch(() => undefined);
  }
}
