/**
 * How many threads tfjs-wasm gets. Threads need SharedArrayBuffer, which a browser gives only
 * to a cross-origin-isolated page (COOP/COEP), and each thread is a worker; elsewhere tfjs runs
 * on one thread. tfjs itself would take half the logical cores.
 *
 * Unless told otherwise, one core is left to the page, which renders the viewports and aligns the
 * phases in workers while the model runs: on two cores, two threads made a classification of one
 * input slower (102 against 56 ms, median of 15, bench:inference 2026-12-06), though an
 * explanation's batches ran faster (3.0 against 5.2 s). A classification of several inputs (the
 * manifest's test-time views) is a batch too, and takes every core: on two cores, four views took
 * 129–141 ms on two threads against 159–174 ms on one, and ROI release → probabilities was shorter
 * in each of four runs (docs/bench-inference-views-ab.txt). Beyond four threads a pass on an
 * 80×80 input has too little work to share (onnxruntime-web stops its default at four for the same
 * reason).
 */
export const WASM_THREAD_POOL = 8;
export const DEFAULT_MAX_THREADS = 4;

export interface ThreadEnvironment {
  readonly crossOriginIsolated: boolean;
  /** Whether this thread can start workers (the page's fallback runs where none can). */
  readonly workers: boolean;
  /** `navigator.hardwareConcurrency`; 0 or missing where the browser hides it. */
  readonly logicalCores: number | undefined;
  /** A count the user asked for (`?threads=`), kept within the pool. */
  readonly requested?: number | undefined;
  /** Inputs in one classification's forward pass (the manifest's test-time views; 1 if absent). */
  readonly inputsPerCall?: number | undefined;
}

export function wasmThreadCount({
  crossOriginIsolated,
  workers,
  logicalCores,
  requested,
  inputsPerCall = 1,
}: ThreadEnvironment): number {
  if (!crossOriginIsolated || !workers) return 1;
  if (requested !== undefined && Number.isInteger(requested) && requested >= 1)
    return Math.min(WASM_THREAD_POOL, requested);
  const cores = logicalCores !== undefined && Number.isFinite(logicalCores) ? Math.floor(logicalCores) : 1;
  const leftToPage = inputsPerCall > 1 ? 0 : 1;
  return Math.max(1, Math.min(DEFAULT_MAX_THREADS, cores - leftToPage));
}

/** `?threads=N` of the page's URL, where N is a whole number of at least 1. */
export function parseThreadsParam(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value)) return undefined;
  const threads = Number(value);
  return threads >= 1 ? threads : undefined;
}
