/**
 * The graph model loaded on one backend: weights read a few shards at a time, input shape checked
 * against the manifest, a warm-up pass (kernels and shaders compiled before the user waits), and
 * a watch on the GPU device, whose loss fails every pass from then on.
 */
import * as tf from '@tensorflow/tfjs-core';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import { errorMessage } from '../../core/error-message';
import type { ModelManifest } from '../../core/model/manifest';
import type { BackendChoice, BackendName, PassedOver } from './backends';
import { boundedFetch } from './bounded-fetch';
import { forwardPass, type ModelShape } from './forward-pass';

/** Resolves with a reason when the backend's GPU device is lost; null for backends without one. */
export type DeviceWatch = (backend: BackendName) => Promise<string> | null;

/** WebGPU's `device.lost`, read from tfjs's backend object (typed loosely: other backends have none). */
export const watchWebGpuDevice: DeviceWatch = (backend) => {
  if (backend !== 'webgpu') return null;
  const device = (tf.backend() as unknown as { device?: { lost?: Promise<{ reason: string; message: string }> } })
    .device;
  return device?.lost === undefined ? null : device.lost.then((info) => info.message || info.reason || 'unknown');
};

export type ChooseBackend = (
  preferred?: BackendName,
  exclude?: readonly BackendName[],
  threads?: number,
  inputsPerCall?: number,
) => Promise<BackendChoice>;

export interface Loaded {
  readonly backend: BackendName;
  readonly threads: number;
  readonly skipped: readonly PassedOver[];
  readonly model: GraphModel;
  /** Why the device was lost, once it was. */
  lost: string | null;
  readonly whenLost: Promise<string> | null;
}

/** What every load of one model shares, whichever backend it lands on. */
export interface ModelSource {
  readonly manifest: ModelManifest;
  /** Absolute: workers and Node have no page to resolve it against. */
  readonly manifestUrl: string;
  readonly shape: ModelShape;
  readonly fetch: typeof fetch;
  readonly choose: ChooseBackend;
  readonly watch: DeviceWatch;
  readonly threads: number | undefined;
}

/** A pass on the loaded model; a lost device may fail a read or never answer it: whichever comes first. */
export function passOn(loaded: Loaded, batch: Float32Array, shape: ModelShape): Promise<number[][]> {
  return loaded.whenLost === null
    ? forwardPass(loaded.model, batch, shape)
    : Promise.race([
        forwardPass(loaded.model, batch, shape),
        loaded.whenLost.then((reason) => {
          throw new Error(`the ${loaded.backend} device was lost (${reason})`);
        }),
      ]);
}

async function readGraph(source: ModelSource): Promise<GraphModel> {
  // A load that fails halfway has already made tensors of the weights it read; the scope
  // frees them. Nothing else runs tfjs in this thread meanwhile (runs wait for a load).
  tf.engine().startScope();
  try {
    const model = await loadGraphModel(new URL(source.manifest.modelUrl, source.manifestUrl).href, {
      fetchFunc: boundedFetch(source.fetch),
    });
    tf.engine().endScope(Object.values(model.weights).flat());
    return model;
  } catch (error) {
    tf.engine().endScope();
    const detail = errorMessage(error);
    // tfjs finds a short weight file only when it cuts the weights into tensors.
    const incomplete = /should have \d+ values but has/.test(detail)
      ? 'its weight files are incomplete, shorter than model.json says (an interrupted copy or download?): '
      : '';
    throw new Error(`the model could not be loaded (${incomplete}${detail})`, { cause: error });
  }
}

/** The first usable backend from `preferred`, never one of `exclude`, with the model loaded and warm on it. */
export async function loadOnBackend(
  source: ModelSource,
  preferred: BackendName | undefined,
  exclude: readonly BackendName[],
): Promise<Loaded> {
  const { height, width, channels } = source.shape;
  const { backend, skipped, threads } = await source.choose(preferred, exclude, source.threads, source.manifest.views);
  const model = await readGraph(source);
  const inputShape = model.inputs[0]?.shape;
  if (inputShape?.[1] !== height || inputShape[2] !== width || inputShape[3] !== channels) {
    model.dispose();
    throw new Error(
      `the model takes ${JSON.stringify(inputShape)}, its manifest says [${String(height)}, ${String(width)}, ${String(channels)}]`,
    );
  }
  const whenLost = source.watch(backend);
  const loaded: Loaded = { backend, threads, skipped, model, lost: null, whenLost };
  void whenLost?.then((reason) => {
    loaded.lost = reason;
  });
  try {
    // As many inputs as a classification passes (its test-time views): GPU shaders are compiled per shape.
    await passOn(loaded, new Float32Array(source.shape.perInput * source.manifest.views), source.shape);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return loaded;
}
