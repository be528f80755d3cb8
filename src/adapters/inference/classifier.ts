/**
 * The lesion classifier, in the style of tfjs-models: `load(manifestUrl)` validates the manifest,
 * loads the graph model, checks its input and output shapes against the manifest, warms it up
 * (shaders compiled before the user waits) and returns `classify()` and `dispose()`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import { parseManifest, type ModelManifest } from '../../core/model/manifest';
import { chooseBackend, type BackendName } from './backends';

export interface Classification {
  readonly probabilities: readonly number[];
  /** Time of this inference, ms. */
  readonly ms: number;
}

export interface LesionClassifier {
  readonly manifest: ModelManifest;
  readonly backend: BackendName;
  /** Backends tried first that could not start here (e.g. WebGPU without an adapter). */
  readonly unavailable: readonly BackendName[];
  readonly manifestUrl: string;
  /** `input`: the model input, HWC float32, as `toModelInput` (src/core) makes it. */
  classify(input: Float32Array): Promise<Classification>;
  dispose(): void;
}

export async function load(manifestUrl: string, options: { backend?: BackendName } = {}): Promise<LesionClassifier> {
  const response = await fetch(manifestUrl);
  if (!response.ok)
    throw new Error(`the model's manifest is missing (${manifestUrl}: HTTP ${String(response.status)})`);
  const manifest = parseManifest(
    await response.json().catch(() => {
      throw new Error(`the model's manifest is not valid JSON (${manifestUrl})`);
    }),
  );
  const { backend, skipped } = await chooseBackend(options.backend);
  let model: GraphModel;
  try {
    model = await loadGraphModel(new URL(manifest.modelUrl, new URL(manifestUrl, location.href)).href);
  } catch (error) {
    throw new Error(`the model could not be loaded (${error instanceof Error ? error.message : String(error)})`, {
      cause: error,
    });
  }
  const [height, width] = manifest.crop.inputSize;
  const inputShape = model.inputs[0]?.shape;
  if (inputShape?.[1] !== height || inputShape[2] !== width || inputShape[3] !== manifest.phases.length) {
    model.dispose();
    throw new Error(
      `the model takes ${JSON.stringify(inputShape)}, its manifest says [${String(height)}, ${String(width)}, ${String(manifest.phases.length)}]`,
    );
  }
  const run = async (input: Float32Array): Promise<number[]> => {
    const output = tf.tidy(
      () => model.predict(tf.tensor4d(input, [1, height, width, manifest.phases.length])) as tf.Tensor,
    );
    try {
      if (output.shape.length !== 2 || output.shape[1] !== manifest.classes.length) {
        throw new Error(
          `the model gives ${JSON.stringify(output.shape)}, its manifest lists ${String(manifest.classes.length)} classes`,
        );
      }
      return Array.from(await output.data());
    } finally {
      output.dispose();
    }
  };
  // The warm-up compiles the backend's kernels, and checks the output against the manifest's classes.
  try {
    await run(new Float32Array(height * width * manifest.phases.length));
  } catch (error) {
    model.dispose();
    throw error;
  }
  return {
    manifest,
    backend,
    unavailable: skipped,
    manifestUrl,
    classify: async (input) => {
      const expected = height * width * manifest.phases.length;
      if (input.length !== expected)
        throw new Error(`the model input needs ${String(expected)} values, got ${String(input.length)}`);
      const started = performance.now();
      const probabilities = await run(input);
      return { probabilities, ms: performance.now() - started };
    },
    dispose: () => {
      model.dispose();
    },
  };
}
