/**
 * The deletion test: the explanation is faithful, not decorative, if hiding the pixels it ranks
 * highest lowers the predicted class's probability more than hiding as many of the pixels it
 * ranks lowest. Run on held-out generated lesions (training/fixtures/test-crops: phantoms the
 * model never saw), through the shipped model and the same src/core explanation the page runs.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explain, type ScoreBatch } from '../src/core/explain/explain';
import { borderFill, maskInput, rankedPixels, type InputDims } from '../src/core/explain/occlusion';
import { LESION_CLASSES } from '../src/core/labels';
import { toModelInput, type CropSpec } from '../src/core/roi/crop';
import { Rng } from '../src/core/random';
import { loadModelFolder, useWasmBackend } from './model/node-graph-model';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { SHIPPED_MODEL_ID } from '../src/core/model/shipped';

const ROOT = join(import.meta.dirname, '..');
const MODEL = join(ROOT, 'public', 'models', SHIPPED_MODEL_ID);
const CROPS = join(ROOT, 'training', 'fixtures', 'test-crops');
const PER_CLASS = 5;
/** Share of the input's pixels hidden at each end of the ranking. */
const HIDDEN = 0.1;

interface Index {
  readonly spec: CropSpec;
  readonly phases: readonly string[];
  readonly samples: readonly { label: string; split: string }[];
}

describe('occlusion explanation: deletion test on held-out generated lesions', () => {
  let model: GraphModel;
  beforeAll(async () => {
    await useWasmBackend();
    model = await loadModelFolder(MODEL);
  });
  afterAll(() => {
    model.dispose();
  });

  it('hiding the top-ranked pixels lowers the predicted class more than hiding the lowest-ranked, for most lesions', async () => {
    const index = JSON.parse(await readFile(join(CROPS, 'index.json'), 'utf8')) as Index;
    const crops = await readFile(join(CROPS, 'crops.u8'));
    const [height, width] = index.spec.inputSize;
    const dims: InputDims = { height, width, channels: index.phases.length };
    const plane = height * width;
    const score: ScoreBatch = (inputs) => {
      const batch = new Float32Array(inputs.length * plane * dims.channels);
      inputs.forEach((input, n) => {
        batch.set(input, n * input.length);
      });
      const out = tf.tidy(() =>
        (model.predict(tf.tensor4d(batch, [inputs.length, height, width, dims.channels])) as tf.Tensor).arraySync(),
      ) as number[][];
      return Promise.resolve({ probabilities: out });
    };

    const taken = new Map<string, number>();
    const random = new Rng('deletion-test');
    const rows: { label: string; top: number; bottom: number; random: number }[] = [];
    const before = tf.memory().numTensors;
    for (const [n, sample] of index.samples.entries()) {
      if ((taken.get(sample.label) ?? 0) >= PER_CLASS) continue;
      taken.set(sample.label, (taken.get(sample.label) ?? 0) + 1);
      const offset = n * dims.channels * plane;
      const bytes = Array.from({ length: dims.channels }, (_, c) =>
        crops.subarray(offset + c * plane, offset + (c + 1) * plane),
      );
      const input = toModelInput(bytes, index.spec);
      const explanation = await explain(score, input, dims);
      const fill = borderFill(input, dims);
      const hide = (mask: Uint8Array) => maskInput(input, dims, fill, (row, col) => mask[row * width + col] === 1);
      const randomMask = new Uint8Array(plane);
      for (const p of random.shuffle(Array.from(randomMask.keys())).slice(0, Math.round(plane * HIDDEN)))
        randomMask[p] = 1;
      const { probabilities } = await score([
        hide(rankedPixels(explanation.map, HIDDEN, 'top')),
        hide(rankedPixels(explanation.map, HIDDEN, 'bottom')),
        hide(randomMask),
      ]);
      const drop = (k: number) => explanation.baseProbability - (probabilities[k]?.[explanation.classIndex] ?? 0);
      rows.push({ label: sample.label, top: drop(0), bottom: drop(1), random: drop(2) });
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(rows).toHaveLength(PER_CLASS * LESION_CLASSES.length);

    const wins = rows.filter((r) => r.top > r.bottom).length;
    const mean = (key: 'top' | 'bottom' | 'random') => rows.reduce((s, r) => s + r[key], 0) / rows.length;
    console.log(
      `deletion test, ${String(rows.length)} held-out lesions, ${String(100 * HIDDEN)} % of pixels hidden: ` +
        `top-ranked hidden lowers the predicted class more than bottom-ranked for ${String(wins)}/${String(rows.length)} ` +
        `(${((100 * wins) / rows.length).toFixed(0)} %); mean drop top ${mean('top').toFixed(3)}, ` +
        `bottom ${mean('bottom').toFixed(3)}, random ${mean('random').toFixed(3)}`,
    );
    for (const label of LESION_CLASSES) {
      const own = rows.filter((r) => r.label === label);
      console.log(`  ${label}: ${String(own.filter((r) => r.top > r.bottom).length)}/${String(own.length)}`);
    }
    expect(wins / rows.length).toBeGreaterThanOrEqual(0.8);
    expect(mean('top')).toBeGreaterThan(mean('random'));
  }, 600_000);
});
