/**
 * Loads a graph model folder from disk in Node with tfjs' WASM backend (tfjs-node cannot be
 * installed here): what the tests use to check an export against PyTorch.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

interface ModelJson {
  readonly modelTopology: object;
  readonly weightsManifest: readonly { paths: readonly string[]; weights: readonly tf.io.WeightsManifestEntry[] }[];
  readonly format?: string;
  readonly generatedBy?: string;
  readonly convertedBy?: string | null;
  readonly signature?: object;
}

export async function useWasmBackend(): Promise<void> {
  const require = createRequire(import.meta.url);
  setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}/`);
  await tf.setBackend('wasm');
  await tf.ready();
}

export async function loadModelFolder(folder: string): Promise<GraphModel> {
  const json = JSON.parse(await readFile(join(folder, 'model.json'), 'utf8')) as ModelJson;
  const buffers: Buffer[] = [];
  for (const group of json.weightsManifest)
    for (const path of group.paths) buffers.push(await readFile(join(folder, path)));
  const data = Buffer.concat(buffers);
  const handler: tf.io.IOHandler = {
    load: () =>
      Promise.resolve({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
        weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength),
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy ?? undefined,
        signature: json.signature,
      }),
  };
  return loadGraphModel(handler);
}
