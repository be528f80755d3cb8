/**
 * The model itself, in whichever thread runs it (the classifier worker, or the page when workers
 * cannot start): validates the manifest, loads the graph model, checks its input and output
 * shapes against the manifest and warms it up, so kernels and shaders are compiled before the
 * user waits. If the GPU device is lost (a driver reset, a GPU process crash, a laptop switching
 * GPUs), the model is loaded again on the next backend and the request answered there.
 */
import { delay } from '../../core/delay';
import { averageViews, viewBatch } from '../../core/model/views';
import type { ModelManifest } from '../../core/model/manifest';
import { chooseBackend, type BackendName, type PassedOver } from './backends';
import { survivingDeviceLoss } from './device-loss';
import { modelShape } from './forward-pass';
import { loadOnBackend, watchWebGpuDevice, type ChooseBackend, type DeviceWatch } from './load-on-backend';
import { priorityGate } from './priority-gate';
import { readManifest } from './read-manifest';

export interface RunResult {
  readonly probabilities: number[];
  readonly ms: number;
  /** The backend that computed this result. */
  readonly backend: BackendName;
  /** Set once the runner has left a backend whose device was lost: what happened, for the page to say. */
  readonly fallback?: string;
}

export interface ModelRunner {
  readonly manifest: ModelManifest;
  /** The backend now in use (it changes if a GPU device is lost). */
  readonly backend: BackendName;
  /** Backends tried first and passed over (e.g. WebGPU without an adapter), with the reason. */
  readonly passedOver: readonly PassedOver[];
  /** Threads the current backend computes on (WASM's pool; 1 for the GPU backends). */
  readonly threads: number;
  /**
   * `input`: the model input, HWC float32, as `toModelInput` (src/core) makes it. The result is the
   * mean over the manifest's test-time views (core/model/views.ts), as its calibration was fitted.
   */
  run(input: Float32Array): Promise<RunResult>;
  /**
   * Probabilities for many inputs, in batches (an explanation's masked copies of one input), each
   * as drawn only: an explanation's hundreds of passes would take the views' times longer.
   */
  runBatch(inputs: readonly Float32Array[], signal?: AbortSignal): Promise<BatchResult>;
  /** Holds `runBatch` between its passes until the returned function is called (see LesionClassifier.hold). */
  hold(): () => void;
  dispose(): void;
}

export interface BatchResult {
  /** One probability vector per input, in order. */
  readonly probabilities: number[][];
  readonly ms: number;
  readonly backend: BackendName;
  readonly fallback?: string;
}

/**
 * Inputs per forward pass in `runBatch`: enough to amortise a pass, few enough that a
 * classification waiting behind a pass waits little.
 */
export const BATCH_SIZE = 8;

export interface RunnerOptions {
  readonly backend?: BackendName | undefined;
  /** WASM's thread count, where the user set one. */
  readonly threads?: number | undefined;
  /** How manifest and weights are read (tests read the model folder from disk). */
  readonly fetch?: typeof fetch;
  /** How the tfjs backend is set up (Node tests set up WASM from node_modules). */
  readonly chooseBackend?: ChooseBackend;
  /** How a lost GPU device is noticed (tests lose one on purpose). */
  readonly watchDevice?: DeviceWatch;
}

/** `manifestUrl` must be absolute: workers and Node have no page to resolve it against. */
export async function startModel(manifestUrl: string, options: RunnerOptions = {}): Promise<ModelRunner> {
  const fetchFn = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const manifest = await readManifest(manifestUrl, fetchFn);
  const shape = modelShape(manifest);
  const source = {
    manifest,
    manifestUrl,
    shape,
    fetch: fetchFn,
    choose: options.chooseBackend ?? chooseBackend,
    watch: options.watchDevice ?? watchWebGpuDevice,
    threads: options.threads,
  };
  const first = await loadOnBackend(source, options.backend, []);
  const model = survivingDeviceLoss(first, source);
  const gate = priorityGate();

  const checkSize = (input: Float32Array) => {
    if (input.length !== shape.perInput)
      throw new Error(`the model input needs ${String(shape.perInput)} values, got ${String(input.length)}`);
  };
  const provenance = () => ({
    backend: model.current.backend,
    ...(model.fallback === undefined ? {} : { fallback: model.fallback }),
  });

  return {
    manifest,
    get backend() {
      return model.current.backend;
    },
    passedOver: first.skipped,
    get threads() {
      return model.current.threads;
    },
    run: async (input) => {
      checkSize(input);
      const started = performance.now();
      // The test-time views go through in one pass: the batch costs less than as many passes.
      const views = viewBatch(input, shape, manifest.views);
      const probabilities = averageViews(await gate.urgent(() => model.pass(views)));
      return { probabilities, ms: performance.now() - started, ...provenance() };
    },
    runBatch: async (inputs, signal) => {
      inputs.forEach(checkSize);
      const started = performance.now();
      const probabilities: number[][] = [];
      for (let start = 0; start < inputs.length; start += BATCH_SIZE) {
        // A macrotask turn between passes: on WASM a pass ends in a resolved promise, and without
        // it a classification request posted to the worker would wait for the whole batch run.
        await delay(0);
        await gate.clear();
        // An explanation nobody waits for any more stops here, between passes.
        signal?.throwIfAborted();
        const chunk = inputs.slice(start, start + BATCH_SIZE);
        const batch = new Float32Array(chunk.length * shape.perInput);
        chunk.forEach((input, n) => {
          batch.set(input, n * shape.perInput);
        });
        probabilities.push(...(await model.pass(batch)));
      }
      return { probabilities, ms: performance.now() - started, ...provenance() };
    },
    hold: () => gate.hold(),
    dispose: () => {
      model.current.model.dispose();
    },
  };
}
