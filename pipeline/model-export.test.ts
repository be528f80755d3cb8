/**
 * The graph model written by training/export_tfjs.py, loaded by tfjs (WASM backend, as in the
 * browser's fallback) gives PyTorch's probabilities: float32 weights to 1e-5, float16 to 1e-3.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModelFolder, useWasmBackend } from './model/node-graph-model';

const root = mkdtempSync(join(tmpdir(), 'export-'));
const PYTHON = '/usr/bin/python3';

interface Parity {
  readonly crop: number[][][];
  readonly probabilities: number[];
}

/** A ResNet-50 with random weights and non-trivial batch norm statistics, as a training run. */
const MAKE_RUN = `
import sys, torch
sys.path.insert(0, 'training')
from resnet_keras import ResNet50Keras
torch.manual_seed(3)
m = ResNet50Keras(5)
for mod in m.modules():
    if isinstance(mod, torch.nn.BatchNorm2d):
        mod.running_mean.uniform_(-0.2, 0.2); mod.running_var.uniform_(0.5, 1.5)
        mod.weight.data.uniform_(0.5, 1.5); mod.bias.data.uniform_(-0.2, 0.2)
spec = {"inputSize": [40, 40], "mean": [103.939, 116.779, 123.68], "std": [1, 1, 1]}
torch.save({"state_dict": m.state_dict(), "classes": ["CYST", "FNH", "HCC", "HEM", "METS"], "phases": ["NC", "ART", "PV"], "spec": spec}, sys.argv[1] + "/model.pt")
`;

beforeAll(async () => {
  execFileSync(PYTHON, ['-c', MAKE_RUN, root]);
  for (const precision of ['float32', 'float16']) {
    execFileSync(PYTHON, [
      'training/export_tfjs.py',
      '--run',
      root,
      '--out',
      join(root, precision),
      '--weights',
      precision,
    ]);
  }
  await useWasmBackend();
}, 120_000);
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

async function probabilities(folder: string): Promise<{ got: number[]; expected: number[] }> {
  const parity = JSON.parse(readFileSync(join(folder, 'parity.json'), 'utf8')) as Parity;
  const channels = parity.crop.length;
  const height = parity.crop[0]?.length ?? 0;
  const width = parity.crop[0]?.[0]?.length ?? 0;
  const mean = [103.939, 116.779, 123.68];
  const input = new Float32Array(height * width * channels);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < channels; c++)
        input[(y * width + x) * channels + c] = (parity.crop[c]?.[y]?.[x] ?? 0) - (mean[c] ?? 0);
  const model = await loadModelFolder(folder);
  const before = tf.memory().numTensors;
  const output = model.predict(tf.tensor4d(input, [1, height, width, channels])) as tf.Tensor;
  const got = Array.from(await output.data());
  tf.dispose(output);
  model.dispose();
  expect(tf.memory().numTensors).toBeLessThanOrEqual(before + 1);
  return { got, expected: parity.probabilities };
}

describe('graph model export', () => {
  it('float32 weights: tfjs matches PyTorch to 1e-5', async () => {
    const { got, expected } = await probabilities(join(root, 'float32'));
    expect(got).toHaveLength(5);
    const worst = Math.max(...got.map((p, i) => Math.abs(p - (expected[i] ?? Number.NaN))));
    expect(worst).toBeLessThan(1e-5);
  });

  it('float16 weights (half the size): tfjs matches PyTorch to 1e-3', async () => {
    const { got, expected } = await probabilities(join(root, 'float16'));
    const worst = Math.max(...got.map((p, i) => Math.abs(p - (expected[i] ?? Number.NaN))));
    expect(worst).toBeLessThan(1e-3);
  });
});
