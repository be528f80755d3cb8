/**
 * The deletion test, per phase: each phase's map is faithful, not decorative, if hiding (in that
 * phase only) the pixels it ranks highest lowers the predicted class's probability more than
 * hiding as many pixels drawn at random for the same lesion. Run on held-out generated lesions (training/fixtures/test-crops: phantoms the
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
/** Share of lesions for which, in each phase, hiding the map's top pixels must beat hiding random ones (chance: a half). */
const THRESHOLD = 0.8;

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

  it("in each phase, hiding its map's top-ranked pixels lowers the predicted class more than hiding random ones", async () => {
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
    const rows: { label: string; phase: string; top: number; bottom: number; random: number }[] = [];
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
      // Each phase's map is tested in that phase: its top- and bottom-ranked pixels, and a random
      // draw of as many (this lesion's own baseline), hidden in that phase only.
      const masks = index.phases.flatMap((_, ch) => {
        const map = explanation.maps[ch] ?? new Float32Array(plane);
        const randomMask = new Uint8Array(plane);
        for (const p of random.shuffle(Array.from(randomMask.keys())).slice(0, Math.round(plane * HIDDEN)))
          randomMask[p] = 1;
        return [rankedPixels(map, HIDDEN, 'top'), rankedPixels(map, HIDDEN, 'bottom'), randomMask].map((mask) =>
          maskInput(input, dims, fill, (row, col) => mask[row * width + col] === 1, ch),
        );
      });
      const { probabilities } = await score(masks);
      const drop = (k: number) => explanation.baseProbability - (probabilities[k]?.[explanation.classIndex] ?? 0);
      index.phases.forEach((phase, ch) => {
        rows.push({
          label: sample.label,
          phase,
          top: drop(3 * ch),
          bottom: drop(3 * ch + 1),
          random: drop(3 * ch + 2),
        });
      });
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(rows).toHaveLength(PER_CLASS * LESION_CLASSES.length * index.phases.length);

    const lesions = PER_CLASS * LESION_CLASSES.length;
    const mean = (own: typeof rows, key: 'top' | 'bottom' | 'random') =>
      own.reduce((s, r) => s + r[key], 0) / own.length;
    const summary = index.phases.map((phase) => {
      const own = rows.filter((r) => r.phase === phase);
      const beatsRandom = own.filter((r) => r.top > r.random).length;
      const beatsBottom = own.filter((r) => r.top > r.bottom).length;
      return { phase, own, beatsRandom, beatsBottom };
    });
    console.log(
      `deletion test per phase, ${String(lesions)} held-out lesions, ${String(100 * HIDDEN)} % of one phase's pixels hidden ` +
        `(its map's top-ranked, bottom-ranked, or a random draw per lesion):\n` +
        summary
          .map(
            ({ phase, own, beatsRandom, beatsBottom }) =>
              `  ${phase}: top beats random for ${String(beatsRandom)}/${String(lesions)}, beats bottom for ${String(beatsBottom)}/${String(lesions)}; ` +
              `mean drop top ${mean(own, 'top').toFixed(3)}, random ${mean(own, 'random').toFixed(3)}, bottom ${mean(own, 'bottom').toFixed(3)}`,
          )
          .join('\n'),
    );
    for (const { own, beatsRandom } of summary) {
      expect(beatsRandom / lesions).toBeGreaterThanOrEqual(THRESHOLD);
      expect(mean(own, 'top')).toBeGreaterThan(mean(own, 'random'));
    }
  }, 600_000);
});
