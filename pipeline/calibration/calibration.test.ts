import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/random';
import { fitTemperature, lesionInputRange, nll, reliability, type Scored } from './calibration';

const softmax = (logits: readonly number[]): number[] => {
  const top = Math.max(...logits);
  const e = logits.map((z) => Math.exp(z - top));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};

/** Samples whose true class is drawn from softmax(z / T): the outputs softmax(z) are over-confident by T. */
function overconfident(temperature: number, count: number): Scored[] {
  const rng = new Rng('calibration-test');
  return Array.from({ length: count }, () => {
    const logits = Array.from({ length: 6 }, () => rng.uniform(-6, 6));
    const truthDistribution = softmax(logits.map((z) => z / temperature));
    let u = rng.uniform(0, 1);
    const truth = Math.max(
      0,
      truthDistribution.findIndex((p) => (u -= p) < 0),
    );
    return { outputs: softmax(logits), truth };
  });
}

describe('temperature scaling', () => {
  it('recovers the temperature the labels were drawn with', () => {
    const samples = overconfident(2.5, 4000);
    const t = fitTemperature(samples);
    expect(t).toBeGreaterThan(2.2);
    expect(t).toBeLessThan(2.8);
    expect(nll(samples, t)).toBeLessThan(nll(samples, 1));
  });

  it('lowers the expected calibration error of over-confident outputs', () => {
    const samples = overconfident(2.5, 4000);
    const before = reliability(samples, 1).ece;
    const after = reliability(samples, fitTemperature(samples)).ece;
    expect(before).toBeGreaterThan(0.08);
    expect(after).toBeLessThan(0.03);
  });

  it('bins confidence against accuracy', () => {
    const samples: Scored[] = [
      { outputs: [0.95, 0.05], truth: 0 },
      { outputs: [0.95, 0.05], truth: 1 },
      { outputs: [0.55, 0.45], truth: 0 },
    ];
    const { bins, ece } = reliability(samples, 1, 10);
    expect(bins[9]).toMatchObject({ count: 2, accuracy: 0.5 });
    expect(bins[9]?.confidence).toBeCloseTo(0.95, 10);
    expect(bins[5]).toMatchObject({ count: 1, accuracy: 1 });
    expect(bins[0]?.count).toBe(0);
    expect(ece).toBeCloseTo((2 / 3) * 0.45 + (1 / 3) * 0.45, 10);
  });
});

describe('lesionInputRange', () => {
  it('spans the training means per channel, widened and clamped to bytes', () => {
    expect(
      lesionInputRange(
        [
          [100, 10, 250],
          [120, 40, 200],
        ],
        8,
      ),
    ).toEqual([
      [92, 128],
      [2, 48],
      [192, 255],
    ]);
  });
});
