/**
 * A dataset written by `npm run dataset` (index.json and crops.u8, or crops.u8.gz as committed
 * for CI), and a model folder's softmax outputs for its samples: run in Node with tfjs' WASM
 * backend, each patch normalised by the browser's src/core code.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import type { ModelLabel } from '../../src/core/labels';
import type { LabelledOutput } from '../calibration/decision';
import { toModelInput, type CropSpec } from '../../src/core/roi/crop';

export interface DatasetSample {
  readonly study: string;
  readonly lesion: string;
  readonly label: ModelLabel;
  readonly split: string;
  readonly tissue?: string;
  readonly radiusMm?: number;
  readonly roiMeans?: readonly number[];
}

export interface DatasetIndex {
  readonly spec: CropSpec;
  readonly phases: readonly string[];
  readonly classes: readonly string[];
  readonly count: number;
  readonly samples: readonly DatasetSample[];
}

export interface Dataset {
  readonly index: DatasetIndex;
  /** The patch of sample `n`, one byte plane per phase. */
  readonly channels: (n: number) => Uint8Array[];
}

export async function readDataset(dir: string): Promise<Dataset> {
  const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as DatasetIndex;
  const packed = join(dir, 'crops.u8.gz');
  const crops = existsSync(packed) ? gunzipSync(await readFile(packed)) : await readFile(join(dir, 'crops.u8'));
  const [height, width] = index.spec.inputSize;
  const plane = height * width;
  const count = index.phases.length;
  if (crops.length !== index.count * count * plane)
    throw new Error(
      `${dir}: crops hold ${String(crops.length)} bytes, index.json describes ${String(index.count)} samples`,
    );
  return {
    index,
    channels: (n) =>
      Array.from({ length: count }, (_, c) => crops.subarray((n * count + c) * plane, (n * count + c + 1) * plane)),
  };
}

/** Softmax outputs for the samples `which`, in batches. */
export function modelOutputs(model: GraphModel, dataset: Dataset, which: readonly number[], batch = 16): number[][] {
  const { spec, phases } = dataset.index;
  const [height, width] = spec.inputSize;
  const perInput = height * width * phases.length;
  const out: number[][] = [];
  for (let start = 0; start < which.length; start += batch) {
    const chunk = which.slice(start, start + batch);
    const input = new Float32Array(chunk.length * perInput);
    chunk.forEach((n, i) => {
      input.set(toModelInput(dataset.channels(n), spec), i * perInput);
    });
    const flat = tf.tidy(() =>
      (model.predict(tf.tensor4d(input, [chunk.length, height, width, phases.length])) as tf.Tensor).dataSync(),
    );
    const width2 = flat.length / chunk.length;
    chunk.forEach((_, i) => out.push(Array.from(flat.subarray(i * width2, (i + 1) * width2))));
  }
  return out;
}

/** The samples `which`, each with its label, ROI means and the model's outputs: what the page's reading needs. */
export function labelledOutputs(model: GraphModel, dataset: Dataset, which: readonly number[]): LabelledOutput[] {
  const outputs = modelOutputs(model, dataset, which);
  return which.map((n, i) => {
    const s = dataset.index.samples[n];
    if (s === undefined) throw new Error(`no sample ${String(n)}`);
    if (s.roiMeans === undefined) throw new Error('the dataset has no roiMeans: build it again with npm run dataset');
    return {
      outputs: outputs[i] ?? [],
      label: s.label,
      roiMeans: s.roiMeans,
      id: s.lesion,
      radiusMm: s.radiusMm,
      ...(s.tissue === undefined ? {} : { tissue: s.tissue }),
    };
  });
}
