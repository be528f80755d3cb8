import { describe, expect, it } from 'vitest';
import { LESION_CLASSES } from '../../src/core/labels';
import type { ReadingPolicy } from '../../src/core/model/reading';
import { chooseUncertainBelow, decisionMetrics, lowestRecall, percentText, type LabelledOutput } from './decision';

const policy: ReadingPolicy = {
  classes: LESION_CLASSES,
  noLesionOutput: true,
  temperature: 1,
  uncertainBelow: 0.5,
  inputRange: [
    [50, 220],
    [50, 220],
    [50, 220],
  ],
};
const inside = [120, 120, 120];
/** Outputs with `p` on output `i` and the rest spread evenly. */
const peaked = (i: number, p: number): number[] => Array.from({ length: 6 }, (_, k) => (k === i ? p : (1 - p) / 5));

describe('decisionMetrics', () => {
  it('counts lesions named right, refused, and normal tissue answered none, by reason and tissue', () => {
    const samples: LabelledOutput[] = [
      { outputs: peaked(2, 0.9), label: 'HCC', roiMeans: inside },
      { outputs: peaked(1, 0.9), label: 'HCC', roiMeans: inside },
      { outputs: peaked(2, 0.4), label: 'HCC', roiMeans: inside },
      { outputs: peaked(0, 0.9), label: 'CYST', roiMeans: inside },
      { outputs: peaked(5, 0.9), label: 'NONE', tissue: 'liver', roiMeans: inside },
      { outputs: peaked(2, 0.9), label: 'NONE', tissue: 'liver', roiMeans: inside },
      { outputs: peaked(2, 0.9), label: 'NONE', tissue: 'air', roiMeans: [0, 0, 0] },
    ];
    const m = decisionMetrics(samples, policy);
    expect(m.lesions).toBe(4);
    expect(m.accuracy).toBe(0.5);
    expect(m.perClassRecall.HCC).toBeCloseTo(1 / 3, 10);
    expect(m.perClassRecall.CYST).toBe(1);
    expect(m.perClassRecall.FNH).toBeNull();
    expect(m.lesionsRefused).toBe(0.25);
    expect(m.namedAccuracy).toBeCloseTo(2 / 3, 10);
    expect(m.confusionMatrix[2]).toEqual([0, 1, 1, 0, 0, 1]);
    expect(m.normal).toBe(3);
    expect(m.normalAnsweredNone).toBeCloseTo(2 / 3, 10);
    expect(m.normalByTissue).toEqual({ liver: { count: 2, none: 1 }, air: { count: 1, none: 1 } });
    expect(m.reasons.normal).toEqual({ 'no-lesion': 1, uncertain: 0, 'out-of-distribution': 1 });
    expect(m.reasons.lesion).toEqual({ 'no-lesion': 0, uncertain: 1, 'out-of-distribution': 0 });
  });
});

describe('chooseUncertainBelow', () => {
  it('takes the largest threshold that leaves at most the budget more lesions unnamed', () => {
    // Ten lesions with top probabilities 0.355, 0.415, …, 0.895, and one the no-lesion output wins.
    const validation: LabelledOutput[] = [
      ...Array.from({ length: 10 }, (_, i) => ({
        outputs: peaked(2, 0.355 + 0.06 * i),
        label: 'HCC' as const,
        roiMeans: inside,
      })),
      { outputs: peaked(5, 0.9), label: 'HCC', roiMeans: inside },
    ];
    const rest = { classes: policy.classes, noLesionOutput: true, temperature: 1, inputRange: policy.inputRange };
    // One more lesion (of 11) may go unnamed: 0.355 does, 0.415 must not.
    expect(chooseUncertainBelow(validation, rest, 1 / 11)).toBe(0.41);
    expect(chooseUncertainBelow(validation, rest, 0)).toBe(0.35);
  });
});

describe('lowestRecall', () => {
  it('names the class with the lowest recall among those in the set, and none for no lesion', () => {
    const samples: LabelledOutput[] = [
      { outputs: peaked(2, 0.9), label: 'HCC', roiMeans: inside },
      { outputs: peaked(1, 0.9), label: 'HCC', roiMeans: inside },
      { outputs: peaked(0, 0.9), label: 'CYST', roiMeans: inside },
    ];
    expect(lowestRecall(decisionMetrics(samples, policy))).toEqual({ label: 'HCC', recall: 0.5 });
    const normalOnly = decisionMetrics(
      [{ outputs: peaked(5, 0.9), label: 'NONE', tissue: 'liver', roiMeans: inside }],
      policy,
    );
    expect(lowestRecall(normalOnly)).toBeNull();
    expect(percentText(0.905)).toBe('90.5 %');
    expect(percentText(null)).toBe('—');
  });
});
