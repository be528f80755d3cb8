import { describe, expect, it } from 'vitest';
import { LESION_CLASSES } from '../labels';
import { answerPhrase, answerText, calibrate, readOutput, shownOutput, type ReadingPolicy } from './reading';

const policy: ReadingPolicy = {
  classes: LESION_CLASSES,
  noLesionOutput: true,
  temperature: 2,
  uncertainBelow: 0.5,
  inputRange: [
    [50, 220],
    [50, 220],
    [50, 220],
  ],
};
const softmax = (logits: number[]): number[] => {
  const e = logits.map(Math.exp);
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};

describe('calibrate', () => {
  it('equals the softmax of the logits divided by the temperature', () => {
    const logits = [3, 1, -2, 0.5, 0, 4];
    const got = calibrate(softmax(logits), 2.5);
    const want = softmax(logits.map((z) => z / 2.5));
    got.forEach((p, i) => {
      expect(p).toBeCloseTo(want[i] ?? Number.NaN, 12);
    });
  });

  it('keeps the outputs at temperature 1 and rejects a non-positive one', () => {
    const p = softmax([1, 2, 3]);
    calibrate(p, 1).forEach((v, i) => {
      expect(v).toBeCloseTo(p[i] ?? Number.NaN, 12);
    });
    expect(() => calibrate(p, 0)).toThrow(/positive/);
  });
});

describe('readOutput', () => {
  const inside = [120, 130, 140];

  it('names a lesion class when it is probable enough after calibration', () => {
    const r = readOutput(softmax([0, 0, 8, 0, 0, 0]), policy, inside);
    expect(r.answer).toEqual({ kind: 'lesion', predicted: 'HCC' });
    expect(answerPhrase(r.answer)).toBe('HCC');
    expect(r.probabilities).toHaveLength(5);
    expect((r.probabilities[2] ?? 0) + (r.noLesion ?? 0)).toBeLessThan(1);
  });

  it('says no focal lesion when that output wins', () => {
    const r = readOutput(softmax([0, 0, 1, 0, 0, 9]), policy, inside);
    expect(r.answer).toMatchObject({ kind: 'none', reason: 'no-lesion' });
    expect(answerText(r.answer)).toBe('No focal lesion recognised in this ROI');
    expect(answerPhrase(r.answer)).toBe('no focal lesion recognised in this ROI');
  });

  it('says uncertain below the threshold, naming the top two', () => {
    // Calibrated (T = 2): HCC and FNH close, neither reaches 0.5.
    const r = readOutput(softmax([0, 2.2, 2.6, 0, 0, 0]), policy, inside);
    expect(r.answer).toEqual({ kind: 'none', reason: 'uncertain', top: ['HCC', 'FNH'] });
    expect(answerText(r.answer)).toBe('Uncertain: HCC or FNH');
    expect(answerPhrase(r.answer)).toBe('uncertain: HCC or FNH');
    // A lower threshold names the top class.
    expect(readOutput(softmax([0, 2.2, 2.6, 0, 0, 0]), { ...policy, uncertainBelow: 0.3 }, inside).answer).toEqual({
      kind: 'lesion',
      predicted: 'HCC',
    });
  });

  it('says out-of-distribution when the ROI lies outside the training range, whatever the outputs', () => {
    const air = [2, 3, 1];
    const r = readOutput(softmax([0, 0, 12, 0, 0, 0]), policy, air);
    expect(r.answer).toMatchObject({ kind: 'none', reason: 'out-of-distribution' });
    expect(answerText(r.answer)).toBe('Outside what this model was trained on');
  });

  it('reads a model without a no-lesion output and without calibration as before', () => {
    const plain: ReadingPolicy = {
      classes: LESION_CLASSES,
      noLesionOutput: false,
      temperature: 1,
      uncertainBelow: 0,
      inputRange: undefined,
    };
    const p = softmax([0, 1, 0.5, 0, 0]);
    const r = readOutput(p, plain);
    expect(r.answer).toEqual({ kind: 'lesion', predicted: 'FNH' });
    expect(r.noLesion).toBeUndefined();
    r.probabilities.forEach((v, i) => {
      expect(v).toBeCloseTo(p[i] ?? Number.NaN, 12);
    });
  });

  it('points an explanation at the output it ranks first, a class or no focal lesion', () => {
    expect(shownOutput(readOutput(softmax([0, 0, 3, 0, 1, 0]), policy, inside))).toBe(2);
    expect(shownOutput(readOutput(softmax([0, 0, 1, 0, 1, 3]), policy, inside))).toBe(5);
    const fiveClass = { ...policy, noLesionOutput: false, temperature: 1 };
    expect(shownOutput(readOutput(softmax([0, 0, 0, 0, 2]), fiveClass, inside))).toBe(4);
  });

  it('throws when the output length does not match the manifest', () => {
    expect(() => readOutput([0.5, 0.5], policy)).toThrow(/gave 2 outputs, its manifest describes 6/);
  });
});
