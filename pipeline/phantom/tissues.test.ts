import { describe, expect, it } from 'vitest';
import { PHASES } from '../../src/core/labels';
import { Rng } from '../../src/core/random';
import { TISSUE_HU, type Tissue } from './spec';
import { sampleTissueHu } from './tissues';

describe('sampleTissueHu', () => {
  it('draws every tissue and phase inside mean ± spread of lesion-patterns.md', () => {
    for (let seed = 0; seed < 300; seed++) {
      const hu = sampleTissueHu(new Rng(seed));
      for (const tissue of Object.keys(TISSUE_HU) as Tissue[]) {
        for (const phase of PHASES) {
          const { mean, spread } = TISSUE_HU[tissue][phase];
          expect(hu[tissue][phase]).toBeGreaterThanOrEqual(mean - spread);
          expect(hu[tissue][phase]).toBeLessThanOrEqual(mean + spread);
        }
      }
    }
  });

  it('uses the whole range, not a fixed value', () => {
    const values = Array.from({ length: 300 }, (_, seed) => sampleTissueHu(new Rng(seed)).aorta.ART);
    expect(Math.max(...values) - Math.min(...values)).toBeGreaterThan(60);
  });

  it('keeps one value for tissues that do not enhance', () => {
    const hu = sampleTissueHu(new Rng(1));
    expect(new Set(PHASES.map((p) => hu.fat[p])).size).toBe(1);
    expect(new Set(PHASES.map((p) => hu.bone[p])).size).toBe(1);
  });
});
