/**
 * The model itself, in whichever thread runs it (the classifier worker, or the page when workers
 * cannot start): validates the manifest, loads the graph model, checks its input and output
 * shapes against the manifest and warms it up, so kernels and shaders are compiled before the
 * user waits.
 */
import * as tf from '@tensorflow/tfjs-core';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import { errorMessage } from '../../core/error-message';
import { parseManifest, type ModelManifest } from '../../core/model/manifest';
import { chooseBackend, type BackendChoice, type BackendName, type PassedOver } from './backends';

export interface ModelRunner {
  readonly manifest: ModelManifest;
  readonly backend: BackendName;
  /** Backends tried first and passed over (e.g. WebGPU without an adapter), with the reason. */
  readonly passedOver: readonly PassedOver[];
  /** `input`: the model input, HWC float32, as `toModelInput` (src/core) makes it. */
  run(input: Float32Array): Promise<{ probabilities: number[]; ms: number }>;
  dispose(): void;
}

export interface RunnerOptions {
  readonly backend?: BackendName | undefined;
  /** How manifest and weights are read (tests read the model folder from disk). */
  readonly fetch?: typeof fetch;
  /** How the tfjs backend is set up (Node tests set up WASM from node_modules). */
  readonly chooseBackend?: (preferred?: BackendName) => Promise<BackendChoice>;
}

/** `manifestUrl` must be absolute: workers and Node have no page to resolve it against. */
export async function startModel(manifestUrl: string, options: RunnerOptions = {}): Promise<ModelRunner> {
  const fetchFn = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
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
  const { backend, skipped } = await (options.chooseBackend ?? chooseBackend)(options.backend);
  let model: GraphModel;
  try {
    model = await loadGraphModel(new URL(manifest.modelUrl, manifestUrl).href, { fetchFunc: fetchFn });
  } catch (error) {
    throw new Error(`the model could not be loaded (${errorMessage(error)})`, { cause: error });
  }
  const [height, width] = manifest.crop.inputSize;
  const channels = manifest.phases.length;
  const inputShape = model.inputs[0]?.shape;
  if (inputShape?.[1] !== height || inputShape[2] !== width || inputShape[3] !== channels) {
    model.dispose();
    throw new Error(
      `the model takes ${JSON.stringify(inputShape)}, its manifest says [${String(height)}, ${String(width)}, ${String(channels)}]`,
    );
  }
  const predict = async (input: Float32Array): Promise<number[]> => {
    const output = tf.tidy(() => model.predict(tf.tensor4d(input, [1, height, width, channels])) as tf.Tensor);
    try {
      if (output.shape.length !== 2 || output.shape[1] !== manifest.classes.length) {
        throw new Error(
          `the model gives ${JSON.stringify(output.shape)}, its manifest lists ${String(manifest.classes.length)} classes`,
        );
      }
      // `data()`, not `dataSync()`: on WebGPU a synchronous read stalls the thread.
      return Array.from(await output.data());
    } finally {
      output.dispose();
    }
  };
  try {
    await predict(new Float32Array(height * width * channels));
  } catch (error) {
    model.dispose();
    throw error;
  }
  return {
    manifest,
    backend,
    passedOver: skipped,
    run: async (input) => {
      const expected = height * width * channels;
      if (input.length !== expected)
        throw new Error(`the model input needs ${String(expected)} values, got ${String(input.length)}`);
      const started = performance.now();
      const probabilities = await predict(input);
      return { probabilities, ms: performance.now() - started };
    },
    dispose: () => {
      model.dispose();
    },
  };
}
