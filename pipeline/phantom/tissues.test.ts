import { describe, expect, it } from 'vitest';
import { PHASES } from '../../src/core/labels';
import { Rng } from '../../src/core/random';
import { SPECIFICATION_FAMILIES } from './families';
import { EARLY_ARTERIAL_HU, TISSUE_HU, type Tissue } from './spec';
import { sampleTissueHu } from './tissues';

describe('sampleTissueHu', () => {
  it('draws every tissue and phase inside mean ± spread of docs/phantom-specification.md', () => {
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

describe('sampleTissueHu with families', () => {
  it('draws an early arterial phase inside its own ranges and leaves the other phases alone', () => {
    for (let seed = 0; seed < 100; seed++) {
      const late = sampleTissueHu(new Rng(seed));
      const early = sampleTissueHu(new Rng(seed), { ...SPECIFICATION_FAMILIES, arterial: 'early' });
      for (const [tissue, range] of Object.entries(EARLY_ARTERIAL_HU) as [Tissue, readonly [number, number]][]) {
        const value = tissue === 'liver' ? early.liver.ART - early.liver.NC : early[tissue].ART;
        expect(value).toBeGreaterThanOrEqual(range[0]);
        expect(value).toBeLessThanOrEqual(range[1]);
        expect(early[tissue].PV).toBe(late[tissue].PV);
        expect(early[tissue].NC).toBe(late[tissue].NC);
      }
    }
  });

  it('multiplies PV and DL enhancement by the gain, not NC or ART', () => {
    const standard = sampleTissueHu(new Rng(7));
    const strong = sampleTissueHu(new Rng(7), SPECIFICATION_FAMILIES, 1.5);
    expect(strong.liver.NC).toBe(standard.liver.NC);
    expect(strong.liver.ART).toBe(standard.liver.ART);
    expect(strong.liver.PV - strong.liver.NC).toBeCloseTo(1.5 * (standard.liver.PV - standard.liver.NC), 5);
    expect(strong.aorta.DL - strong.aorta.NC).toBeCloseTo(1.5 * (standard.aorta.DL - standard.aorta.NC), 5);
    expect(strong.fat.PV).toBe(standard.fat.PV);
  });
});
