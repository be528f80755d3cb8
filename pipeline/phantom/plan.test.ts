import { describe, expect, it } from 'vitest';
import { LESION_CLASSES } from '../../src/core/labels';
import { Rng } from '../../src/core/random';
import { MAX_LESIONS_PER_STUDY, planByClassCount, planByStudies } from './plan';

describe('study plans', () => {
  it('gives each study 1–5 lesions of the allowed classes', () => {
    const plans = planByStudies(300, ['HCC', 'METS'], new Rng(1));
    expect(plans).toHaveLength(300);
    for (const plan of plans) {
      expect(plan.length).toBeGreaterThanOrEqual(1);
      expect(plan.length).toBeLessThanOrEqual(MAX_LESIONS_PER_STUDY);
      for (const label of plan) expect(['HCC', 'METS']).toContain(label);
    }
  });

  it('balances the primary classes and gives half of the METS studies several metastases', () => {
    const plans = planByStudies(1000, LESION_CLASSES, new Rng(2));
    for (const c of LESION_CLASSES) expect(plans.filter((p) => p[0] === c)).toHaveLength(200);
    const mets = plans.filter((p) => p[0] === 'METS');
    const multiple = mets.filter((p) => p.length >= 2 && p.every((l) => l === 'METS')).length / mets.length;
    expect(multiple).toBeGreaterThan(0.4);
    expect(multiple).toBeLessThan(0.6);
  });

  it('hits exact per-class counts with --per-class', () => {
    const plans = planByClassCount(37, ['CYST', 'FNH', 'METS'], new Rng(3));
    const counts = new Map<string, number>();
    for (const plan of plans) {
      expect(plan.length).toBeGreaterThanOrEqual(1);
      expect(plan.length).toBeLessThanOrEqual(MAX_LESIONS_PER_STUDY);
      for (const label of plan) counts.set(label, (counts.get(label) ?? 0) + 1);
    }
    expect(Object.fromEntries(counts)).toEqual({ CYST: 37, FNH: 37, METS: 37 });
  });

  it('is deterministic', () => {
    expect(planByStudies(50, LESION_CLASSES, new Rng('a'))).toEqual(planByStudies(50, LESION_CLASSES, new Rng('a')));
  });
});
