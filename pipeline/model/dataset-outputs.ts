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
import { averageViews, viewBatch, type ViewDims } from '../../src/core/model/views';

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

/**
 * Softmax outputs of each of the first `views` test-time views (src/core/model/views.ts) of the
 * samples `which`: per sample, per view. Views come in a fixed order, so the first k of them are
 * what a model read with k views averages.
 */
export function viewOutputs(
  model: GraphModel,
  dataset: Dataset,
  which: readonly number[],
  views: number,
): number[][][] {
  const { spec, phases } = dataset.index;
  const [height, width] = spec.inputSize;
  const dims = { height, width, channels: phases.length };
  // About 16 inputs a pass, as before the views.
  const batch = Math.max(1, Math.floor(16 / views));
  const out: number[][][] = [];
  for (let start = 0; start < which.length; start += batch) {
    const inputs = which.slice(start, start + batch).map((n) => toModelInput(dataset.channels(n), spec));
    out.push(...predictViews(model, inputs, dims, views));
  }
  return out;
}

/** Softmax outputs of the first `views` test-time views of each input (HWC, as toModelInput makes it), in one pass. */
export function predictViews(
  model: GraphModel,
  inputs: readonly Float32Array[],
  dims: ViewDims,
  views: number,
): number[][][] {
  const { height, width, channels } = dims;
  const perInput = height * width * channels * views;
  const batch = new Float32Array(inputs.length * perInput);
  inputs.forEach((input, i) => {
    batch.set(viewBatch(input, dims, views), i * perInput);
  });
  const flat = tf.tidy(() =>
    (model.predict(tf.tensor4d(batch, [inputs.length * views, height, width, channels])) as tf.Tensor).dataSync(),
  );
  const outputs = flat.length / (inputs.length * views);
  return inputs.map((_, i) =>
    Array.from({ length: views }, (_, v) =>
      Array.from(flat.subarray((i * views + v) * outputs, (i * views + v + 1) * outputs)),
    ),
  );
}

/** Softmax outputs for the samples `which`, each the mean over the first `views` test-time views. */
export function modelOutputs(model: GraphModel, dataset: Dataset, which: readonly number[], views = 1): number[][] {
  return viewOutputs(model, dataset, which, views).map((perView) => averageViews(perView));
}

/** The samples `which` with outputs already computed (one per sample, in order): what the page's reading needs. */
export function labelSamples(
  dataset: Dataset,
  which: readonly number[],
  outputs: readonly number[][],
): LabelledOutput[] {
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

/** The samples `which`, each with its label, ROI means and the model's outputs averaged over `views` views. */
export function labelledOutputs(
  model: GraphModel,
  dataset: Dataset,
  which: readonly number[],
  views: number,
): LabelledOutput[] {
  return labelSamples(dataset, which, modelOutputs(model, dataset, which, views));
}
