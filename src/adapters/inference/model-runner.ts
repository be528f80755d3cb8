/**
 * The model itself, in whichever thread runs it (the classifier worker, or the page when workers
 * cannot start): validates the manifest, loads the graph model, checks its input and output
 * shapes against the manifest and warms it up, so kernels and shaders are compiled before the
 * user waits. If the GPU device is lost (a driver reset, a GPU process crash, a laptop switching
 * GPUs), the model is loaded again on the next backend and the request answered there.
 */
import * as tf from '@tensorflow/tfjs-core';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import { errorMessage } from '../../core/error-message';
import { parseManifest, type ModelManifest } from '../../core/model/manifest';
import { chooseBackend, type BackendChoice, type BackendName, type PassedOver } from './backends';
import { boundedFetch } from './bounded-fetch';

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
  /** `input`: the model input, HWC float32, as `toModelInput` (src/core) makes it. */
  run(input: Float32Array): Promise<RunResult>;
  /** Probabilities for many inputs, in batches (an explanation's masked copies of one input). */
  runBatch(inputs: readonly Float32Array[], signal?: AbortSignal): Promise<BatchResult>;
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

/** Resolves with a reason when the backend's GPU device is lost; null for backends without one. */
export type DeviceWatch = (backend: BackendName) => Promise<string> | null;

export interface RunnerOptions {
  readonly backend?: BackendName | undefined;
  /** How manifest and weights are read (tests read the model folder from disk). */
  readonly fetch?: typeof fetch;
  /** How the tfjs backend is set up (Node tests set up WASM from node_modules). */
  readonly chooseBackend?: (preferred?: BackendName, exclude?: readonly BackendName[]) => Promise<BackendChoice>;
  /** How a lost GPU device is noticed (tests lose one on purpose). */
  readonly watchDevice?: DeviceWatch;
}

/** WebGPU's `device.lost`, read from tfjs's backend object (typed loosely: other backends have none). */
const watchWebGpuDevice: DeviceWatch = (backend) => {
  if (backend !== 'webgpu') return null;
  const device = (tf.backend() as unknown as { device?: { lost?: Promise<{ reason: string; message: string }> } })
    .device;
  return device?.lost === undefined ? null : device.lost.then((info) => info.message || info.reason || 'unknown');
};

const LOSS_GRACE_MS = 1000;
const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Loaded {
  readonly backend: BackendName;
  readonly skipped: readonly PassedOver[];
  readonly model: GraphModel;
  /** Why the device was lost, once it was. */
  lost: string | null;
  readonly whenLost: Promise<string> | null;
}

/** `manifestUrl` must be absolute: workers and Node have no page to resolve it against. */
export async function startModel(manifestUrl: string, options: RunnerOptions = {}): Promise<ModelRunner> {
  const fetchFn = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const choose = options.chooseBackend ?? chooseBackend;
  const watch = options.watchDevice ?? watchWebGpuDevice;
  const response = await fetchFn(manifestUrl).catch((error: unknown) => {
    throw new Error(`the model's manifest could not be read (${manifestUrl}: ${errorMessage(error)})`);
  });
  if (!response.ok)
    throw new Error(`the model's manifest is missing (${manifestUrl}: HTTP ${String(response.status)})`);
  const manifest = parseManifest(
    await response.json().catch(() => {
      throw new Error(`the model's manifest is not valid JSON (${manifestUrl})`);
    }),
  );
  const [height, width] = manifest.crop.inputSize;
  const channels = manifest.phases.length;

  // The model's outputs: one per class, then "no focal lesion" where the manifest says it has one.
  const classes = manifest.classes.length + (manifest.reading.noLesionOutput ? 1 : 0);
  const perInput = height * width * channels;
  /** One forward pass over `count` inputs laid end to end; one probability vector each. */
  const predict = async (model: GraphModel, batch: Float32Array): Promise<number[][]> => {
    const count = batch.length / perInput;
    const output = tf.tidy(() => model.predict(tf.tensor4d(batch, [count, height, width, channels])) as tf.Tensor);
    try {
      if (output.shape.length !== 2 || output.shape[0] !== count || output.shape[1] !== classes) {
        throw new Error(
          `the model gives ${JSON.stringify(output.shape)}, its manifest describes ${String(classes)} outputs`,
        );
      }
      // `data()`, not `dataSync()`: on WebGPU a synchronous read stalls the thread.
      const flat = await output.data();
      return Array.from({ length: count }, (_, n) => Array.from(flat.subarray(n * classes, (n + 1) * classes)));
    } finally {
      output.dispose();
    }
  };

  /** A lost device may fail a read or never answer it: whichever comes first. */
  const predictOn = (loaded: Loaded, batch: Float32Array): Promise<number[][]> =>
    loaded.whenLost === null
      ? predict(loaded.model, batch)
      : Promise.race([
          predict(loaded.model, batch),
          loaded.whenLost.then((reason) => {
            throw new Error(`the ${loaded.backend} device was lost (${reason})`);
          }),
        ]);

  const load = async (preferred: BackendName | undefined, exclude: readonly BackendName[]): Promise<Loaded> => {
    const { backend, skipped } = await choose(preferred, exclude);
    let model: GraphModel;
    // A load that fails halfway has already made tensors of the weights it read; the scope
    // frees them. Nothing else runs tfjs in this thread meanwhile (runs wait for a load).
    tf.engine().startScope();
    try {
      model = await loadGraphModel(new URL(manifest.modelUrl, manifestUrl).href, { fetchFunc: boundedFetch(fetchFn) });
      tf.engine().endScope(Object.values(model.weights).flat());
    } catch (error) {
      tf.engine().endScope();
      const detail = errorMessage(error);
      // tfjs finds a short weight file only when it cuts the weights into tensors.
      const incomplete = /should have \d+ values but has/.test(detail)
        ? 'its weight files are incomplete, shorter than model.json says (an interrupted copy or download?): '
        : '';
      throw new Error(`the model could not be loaded (${incomplete}${detail})`, { cause: error });
    }
    const inputShape = model.inputs[0]?.shape;
    if (inputShape?.[1] !== height || inputShape[2] !== width || inputShape[3] !== channels) {
      model.dispose();
      throw new Error(
        `the model takes ${JSON.stringify(inputShape)}, its manifest says [${String(height)}, ${String(width)}, ${String(channels)}]`,
      );
    }
    const whenLost = watch(backend);
    const loaded: Loaded = { backend, skipped, model, lost: null, whenLost };
    void whenLost?.then((reason) => {
      loaded.lost = reason;
    });
    try {
      await predictOn(loaded, new Float32Array(height * width * channels));
    } catch (error) {
      model.dispose();
      throw error;
    }
    return loaded;
  };

  let current = await load(options.backend, []);
  const passedOver = current.skipped;
  const lostBackends: BackendName[] = [];
  let fallback: string | undefined;

  let recovering: Promise<void> | null = null;
  /** One recovery however many requests notice the loss. */
  const fallBack = (): Promise<void> => {
    recovering ??= leaveLostBackend().finally(() => {
      recovering = null;
    });
    return recovering;
  };

  /** Leaves the lost backend for good and loads the model on the next one. */
  const leaveLostBackend = async (): Promise<void> => {
    const from = current.backend;
    const reason = current.lost ?? 'unknown';
    lostBackends.push(from);
    try {
      current.model.dispose();
    } catch {
      // Its tensors lived on the lost device; there is nothing left to free.
    }
    try {
      tf.removeBackend(from);
    } catch {
      // Same: a lost device cannot be cleaned up, only left.
    }
    current = await load(undefined, lostBackends);
    fallback = `the ${from} device was lost (${reason}); the model now runs on ${current.backend}`;
  };

  /** One pass on the current backend; a pass the device loss broke is run again on the next one. */
  const passSurvivingLoss = async (batch: Float32Array): Promise<number[][]> => {
    if (recovering !== null) await recovering;
    if (current.lost !== null) await fallBack();
    try {
      return await predictOn(current, batch);
    } catch (error) {
      // A read may fail a moment before the device reports its loss.
      if (current.whenLost !== null) await Promise.race([current.whenLost, delay(LOSS_GRACE_MS)]);
      if (recovering !== null) await recovering;
      else if (current.lost === null) throw error;
      else await fallBack();
      return predictOn(current, batch);
    }
  };

  const checkSize = (input: Float32Array) => {
    if (input.length !== perInput)
      throw new Error(`the model input needs ${String(perInput)} values, got ${String(input.length)}`);
  };
  /**
   * Single inputs (a lesion being classified) go before batches (an explanation): a batch waits
   * between its passes while any single input is in flight, so a new classification waits for at
   * most the pass already running, not the whole explanation.
   */
  let singlesInFlight = 0;
  let singlesDone: Promise<void> = Promise.resolve();
  let releaseBatches: (() => void) | null = null;
  const single = async <T>(work: () => Promise<T>): Promise<T> => {
    if (singlesInFlight++ === 0)
      singlesDone = new Promise((resolve) => {
        releaseBatches = resolve;
      });
    try {
      return await work();
    } finally {
      if (--singlesInFlight === 0) releaseBatches?.();
    }
  };

  const provenance = () => ({ backend: current.backend, ...(fallback === undefined ? {} : { fallback }) });

  return {
    manifest,
    get backend() {
      return current.backend;
    },
    passedOver,
    run: async (input) => {
      checkSize(input);
      const started = performance.now();
      const [probabilities = []] = await single(() => passSurvivingLoss(input));
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
        while (singlesInFlight > 0) await singlesDone;
        // An explanation nobody waits for any more stops here, between passes.
        signal?.throwIfAborted();
        const chunk = inputs.slice(start, start + BATCH_SIZE);
        const batch = new Float32Array(chunk.length * perInput);
        chunk.forEach((input, n) => {
          batch.set(input, n * perInput);
        });
        probabilities.push(...(await passSurvivingLoss(batch)));
      }
      return { probabilities, ms: performance.now() - started, ...provenance() };
    },
    dispose: () => {
      current.model.dispose();
    },
  };
}
