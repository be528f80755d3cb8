/**
 * Runs alignments off the main thread so the page stays responsive while the phases are
 * matched, on a small pool of workers so the phases of one ROI are matched at the same time
 * (one per core, at most three: the three phases besides the drawn one; the page waits
 * meanwhile, so it needs no core of its own). Where workers are unavailable it runs them in the
 * page instead.
 */
import type { Alignment } from '../../core/roi/align';
import { workerPool } from '../../core/worker-pool';
import { runAlignRequest, warmUpRequest, type AlignRequest, type AlignResponse } from './align-protocol';

type Request = Omit<AlignRequest, 'id'>;

const pool = workerPool<Request, AlignResponse>(
  () => new Worker(new URL('./align.worker.ts', import.meta.url), { type: 'module' }),
  () => Math.min(3, navigator.hardwareConcurrency || 2),
);

/**
 * Aligns `request.moving` to `request.fixed`. The moving volume is handed over to the worker
 * rather than copied (it is read for this one phase; the fixed volume is shared by the phases),
 * so the caller must not use it afterwards.
 */
export async function runAlignment(request: Request): Promise<Alignment> {
  const moving = request.moving.values;
  const response = await pool.call(request, ArrayBuffer.isView(moving) ? [moving.buffer] : []);
  if (response !== null) {
    // The search itself failed: the page would fail the same way.
    if ('error' in response) throw new Error(response.error);
    const end = performance.now();
    performance.measure('align: compute', { start: end - response.ms, end });
    return response.alignment;
  }
  // Handed to a worker that then stopped: nothing is left to align here.
  if (request.moving.values.length === 0) throw new Error('the alignment worker stopped');
  // No worker: the page computes the same answer itself.
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
  pool.warmUp(warmUpRequest());
}
