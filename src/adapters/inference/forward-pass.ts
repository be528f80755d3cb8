/** One forward pass of the graph model over a batch of inputs, checked against the manifest. */
import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import type { ModelManifest } from '../../core/model/manifest';

/** What the manifest says goes in and comes out of the model. */
export interface ModelShape {
  readonly height: number;
  readonly width: number;
  /** One per phase. */
  readonly channels: number;
  /** One per class, then "no focal lesion" where the manifest says the model has one. */
  readonly outputs: number;
  /** Values in one input (HWC). */
  readonly perInput: number;
}

export function modelShape(manifest: ModelManifest): ModelShape {
  const [height, width] = manifest.crop.inputSize;
  const channels = manifest.phases.length;
  return {
    height,
    width,
    channels,
    outputs: manifest.classes.length + (manifest.reading.noLesionOutput ? 1 : 0),
    perInput: height * width * channels,
  };
}

/** One forward pass over the inputs laid end to end in `batch`; one probability vector each. */
export async function forwardPass(model: GraphModel, batch: Float32Array, shape: ModelShape): Promise<number[][]> {
  const { height, width, channels, outputs, perInput } = shape;
  const count = batch.length / perInput;
  const output = tf.tidy(() => model.predict(tf.tensor4d(batch, [count, height, width, channels])) as tf.Tensor);
  try {
    if (output.shape.length !== 2 || output.shape[0] !== count || output.shape[1] !== outputs) {
      throw new Error(
        `the model gives ${JSON.stringify(output.shape)}, its manifest describes ${String(outputs)} outputs`,
      );
    }
    // `data()`, not `dataSync()`: on WebGPU a synchronous read stalls the thread.
    const flat = await output.data();
    return Array.from({ length: count }, (_, n) => Array.from(flat.subarray(n * outputs, (n + 1) * outputs)));
  } finally {
    output.dispose();
  }
}
