/**
 * Runs alignments off the main thread so the page stays responsive while the phases are
 * matched, on a small pool of workers so the phases of one ROI are matched at the same time
 * (one per core, at most three: the three phases besides the drawn one; the page waits
 * meanwhile, so it needs no core of its own). Where workers are unavailable it runs them in the
 * page instead.
 */
import type { Alignment } from '../../core/roi/align';
import { runAlignRequest, warmUpRequest, type AlignRequest, type AlignResponse } from './align-protocol';

type Pending = (response: AlignResponse) => void;

interface PoolWorker {
  readonly worker: Worker;
  readonly pending: Map<number, Pending>;
}

const pool: PoolWorker[] = [];
/** Set once a worker could not start: everything runs in the page from then on. */
let workersFailed = false;
let nextId = 1;

function startWorker(): PoolWorker | null {
  try {
    const worker = new Worker(new URL('./align.worker.ts', import.meta.url), { type: 'module' });
    const entry: PoolWorker = { worker, pending: new Map() };
    worker.onmessage = (event: MessageEvent<AlignResponse>) => {
      entry.pending.get(event.data.id)?.(event.data);
      entry.pending.delete(event.data.id);
    };
    worker.onerror = () => {
      // A worker that cannot start: answer what is waiting in the page, and stop using workers.
      worker.terminate();
      workersFailed = true;
      pool.splice(pool.indexOf(entry), 1);
      for (const [, resolve] of entry.pending) resolve({ id: 0, error: 'the alignment worker stopped' });
      entry.pending.clear();
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
  const idle = pool.find((entry) => entry.pending.size === 0);
  if (idle !== undefined) return idle;
  if (pool.length < poolSize()) {
    const started = startWorker();
    if (started !== null) pool.push(started);
    return started;
  }
  return pool.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
}

export async function runAlignment(request: Omit<AlignRequest, 'id'>): Promise<Alignment> {
  const id = nextId++;
  const active = pickWorker();
  const response =
    active === null
      ? runAlignRequest({ ...request, id })
      : await new Promise<AlignResponse>((resolve) => {
          active.pending.set(id, resolve);
          active.worker.postMessage({ ...request, id });
        });
  if ('error' in response) {
    // The worker failed: the page computes the same answer itself.
    const local = runAlignRequest({ ...request, id });
    if ('error' in local) throw new Error(local.error);
    return local.alignment;
  }
  return response.alignment;
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
    const request = warmUpRequest(nextId++);
    entry.pending.set(request.id, () => undefined);
    entry.worker.postMessage(request);
  }
}
