/**
 * Runs alignments off the main thread so the page stays responsive while the phases are
 * matched; where workers are unavailable it runs them in the page instead.
 */
import type { Alignment } from '../../core/roi/align';
import { runAlignRequest, type AlignRequest, type AlignResponse } from './align-protocol';

type Pending = (response: AlignResponse) => void;

let worker: Worker | null | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

function getWorker(): Worker | null {
  if (worker !== undefined) return worker;
  try {
    worker = new Worker(new URL('./align.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<AlignResponse>) => {
      pending.get(event.data.id)?.(event.data);
      pending.delete(event.data.id);
    };
    worker.onerror = () => {
      // A worker that cannot start: answer what is waiting in the page, and stop using it.
      worker?.terminate();
      worker = null;
      for (const [, resolve] of pending) resolve({ id: 0, error: 'the alignment worker stopped' });
      pending.clear();
    };
  } catch {
    worker = null;
  }
  return worker;
}

export async function runAlignment(request: Omit<AlignRequest, 'id'>): Promise<Alignment> {
  const id = nextId++;
  const active = getWorker();
  const response =
    active === null
      ? runAlignRequest({ ...request, id })
      : await new Promise<AlignResponse>((resolve) => {
          pending.set(id, resolve);
          active.postMessage({ ...request, id });
        });
  if ('error' in response) {
    // The worker failed: the page computes the same answer itself.
    const local = runAlignRequest({ ...request, id });
    if ('error' in local) throw new Error(local.error);
    return local.alignment;
  }
  return response.alignment;
}
