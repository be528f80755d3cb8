/**
 * Each class's enhancement pattern, measured on generated pixels (noise included), following
 * docs/phantom-specification.md; atypical variants are checked against their own description.
 */
import { describe, expect, it } from 'vitest';
import { PHASES, type LesionClass, type Phase } from '../../src/core/labels';
import { sliceZ } from './grid';
import type { Lesion } from './lesions';
import { parseFamilyRules } from './families';
import { labelVolume, mean, meanTolerance, standardDeviation, voxelsOf } from './measure';
import { createStudy, lesionCenter, renderPhase, type PhantomStudy } from './study';

interface Measured {
  readonly study: PhantomStudy;
  readonly lesion: Lesion;
  /** Mean HU of the lesion's core (normalised radius < 0.5) per phase. */
  readonly core: Record<Phase, number>;
  readonly liver: Record<Phase, number>;
  readonly tolerance: number;
}

/** Voxels of a lesion whose normalised radius (0 centre, 1 surface) lies in [r0, r1). */
function lesionVoxels(study: PhantomStudy, lesion: Lesion, phase: Phase, r0: number, r1: number): number[] {
  const { grid } = study;
  const c = lesionCenter(study, lesion, phase);
  const reach = Math.max(...lesion.semiAxes) * r1 * 1.2;
  const q = new Float64Array(3);
  const shift = study.shifts[phase];
  const out: number[] = [];
  for (let k = 0; k < grid.slices; k++) {
    const z = sliceZ(grid, k);
    if (Math.abs(z - c[2]) > reach) continue;
    for (let j = 0; j < grid.rows; j++) {
      const y = grid.y0 + j * grid.pixelSpacing;
      if (Math.abs(y - c[1]) > reach) continue;
      for (let i = 0; i < grid.columns; i++) {
        const x = grid.x0 + i * grid.pixelSpacing;
        if (Math.abs(x - c[0]) > reach) continue;
        lesion.surface.toLocal(x - shift[0], y - shift[1], z - shift[2], q);
        const r = Math.hypot(q[0] as number, q[1] as number, q[2] as number);
        if (r >= r0 && r < r1) out.push((k * grid.rows + j) * grid.columns + i);
      }
    }
  }
  return out;
}

function measureClass(label: LesionClass, count: number): Measured[] {
  const out: Measured[] = [];
  for (let index = 0; out.length < count && index < 60; index++) {
    const study = createStudy({
      seed: `lesion-pixels-${label}`,
      index,
      labels: [label],
      size: 256,
      slices: 24,
      sliceThicknessMm: 2.5,
    });
    const lesion = study.lesions[0] as Lesion;
    // Big enough for its core to hold a few hundred voxels at this test resolution.
    if (lesion.diameterMm < 18) continue;
    const core = {} as Record<Phase, number>;
    const liver = {} as Record<Phase, number>;
    let tolerance = 0;
    for (const phase of PHASES) {
      const hu = renderPhase(study, phase);
      const voxels = lesionVoxels(study, lesion, phase, 0, 0.5);
      core[phase] = mean(hu, voxels);
      const liverVoxels = voxelsOf(study, labelVolume(study, phase, 4), 'liver right lobe');
      liver[phase] = mean(hu, liverVoxels);
      tolerance = Math.max(
        tolerance,
        meanTolerance(study, voxels.length) + meanTolerance(study, liverVoxels.length) + 6,
      );
    }
    out.push({ study, lesion, core, liver, tolerance });
  }
  expect(out.length, `${label}: lesions of at least 18 mm`).toBe(count);
  return out;
}

const has = (m: Measured, attribute: string): boolean => m.lesion.attributes.includes(attribute);
const delta = (m: Measured, phase: Phase): number => m.core[phase] - m.liver[phase];

describe('lesion enhancement patterns in the pixels', () => {
  it('CYST: 0–10 HU unenhanced, its mean stays within 10 HU across phases', () => {
    for (const m of measureClass('CYST', 4)) {
      const values = PHASES.map((p) => m.core[p]);
      expect(Math.max(...values) - Math.min(...values)).toBeLessThan(10 + m.tolerance);
      expect(m.core.NC).toBeGreaterThan(0 - m.tolerance);
      expect(m.core.NC).toBeLessThan(10 + m.tolerance);
    }
  });

  it('HCC: APHE brighter than liver in ART, washout darker in PV and DL', () => {
    for (const m of measureClass('HCC', 5)) {
      if (has(m, 'necrotic-core')) continue;
      expect(delta(m, 'NC')).toBeLessThan(-5 + m.tolerance);
      if (has(m, 'no-APHE')) expect(delta(m, 'ART')).toBeLessThan(5 + m.tolerance);
      else expect(delta(m, 'ART'), `${m.study.name} ART`).toBeGreaterThan(20 - m.tolerance);
      if (has(m, 'no-washout')) expect(Math.abs(delta(m, 'PV'))).toBeLessThan(5 + m.tolerance);
      else {
        expect(delta(m, 'PV'), `${m.study.name} PV`).toBeLessThan(-10 + m.tolerance);
        expect(delta(m, 'DL')).toBeLessThan(-15 + m.tolerance);
      }
    }
  });

  it('FNH: intense arterial hyperenhancement, iso in PV and DL', () => {
    for (const m of measureClass('FNH', 4)) {
      if (has(m, 'central-scar')) {
        expect(delta(m, 'ART')).toBeGreaterThan(20);
        continue;
      }
      expect(delta(m, 'ART')).toBeGreaterThan(50 - m.tolerance);
      expect(delta(m, 'ART')).toBeLessThan(100 + m.tolerance);
      expect(Math.abs(delta(m, 'PV'))).toBeLessThan(10 + m.tolerance);
      expect(Math.abs(delta(m, 'DL'))).toBeLessThan(5 + m.tolerance);
    }
  });

  it('HEM: blood-pool NC, peripheral nodules in ART around an unenhanced centre, filled in by DL', () => {
    for (const m of measureClass('HEM', 4)) {
      expect(m.core.NC).toBeGreaterThan(35 - m.tolerance);
      expect(m.core.NC).toBeLessThan(45 + m.tolerance);
      if (has(m, 'flash-fill')) continue;
      const hu = renderPhase(m.study, 'ART');
      const centre = mean(hu, lesionVoxels(m.study, m.lesion, 'ART', 0, 0.35));
      expect(Math.abs(centre - m.core.NC), `${m.study.name} ART centre`).toBeLessThan(m.tolerance);
      // The brightest tenth of the rim is nodule: far above liver.
      const rim = lesionVoxels(m.study, m.lesion, 'ART', 0.65, 1)
        .map((v) => hu[v] as number)
        .sort((a, b) => b - a);
      const top = rim.slice(0, Math.max(5, Math.floor(rim.length / 10)));
      expect(top.reduce((s, v) => s + v, 0) / top.length).toBeGreaterThan(m.liver.ART + 50);
      if (!has(m, 'giant')) expect(delta(m, 'DL')).toBeGreaterThan(-m.tolerance - 10);
    }
  });

  it('METS: hypodense unenhanced, a dark target centre in PV', () => {
    for (const m of measureClass('METS', 4)) {
      expect(delta(m, 'NC')).toBeLessThan(-15 + m.tolerance);
      if (has(m, 'hypervascular')) {
        expect(delta(m, 'ART')).toBeGreaterThan(20 - m.tolerance);
        continue;
      }
      const hu = renderPhase(m.study, 'PV');
      const centre = mean(hu, lesionVoxels(m.study, m.lesion, 'PV', 0, 0.3));
      expect(centre - m.liver.PV, `${m.study.name} PV centre`).toBeLessThan(-25);
    }
  });

  it('draws the atypical variants at the specified shares', () => {
    const share = (label: LesionClass, attribute: string, n = 400): number => {
      let hits = 0;
      for (let index = 0; index < n; index++) {
        const study = createStudy({ seed: `shares-${label}`, index, labels: [label], size: 64, slices: 8 });
        if (study.lesions[0]?.attributes.includes(attribute)) hits++;
      }
      return hits / n;
    };
    expect(share('HCC', 'no-APHE')).toBeCloseTo(0.22, 1);
    expect(share('HCC', 'no-washout')).toBeCloseTo(0.4, 1);
    expect(share('FNH', 'central-scar')).toBeCloseTo(0.35, 1);
    expect(share('METS', 'hypervascular')).toBeCloseTo(0.2, 1);
  });
});

describe('HCC of the heterogeneity=mosaic family (nodule-in-nodule with septa)', () => {
  /** The same study twice, every family fixed but the HCC's heterogeneity. */
  const render = (index: number, heterogeneity: 'mild' | 'mosaic'): PhantomStudy =>
    createStudy({
      seed: 'mosaic-hcc',
      index,
      labels: ['HCC'],
      size: 256,
      slices: 24,
      sliceThicknessMm: 2.5,
      variation: 'wide',
      familyRules: parseFamilyRules(
        `heterogeneity=${heterogeneity},arterial=late,enhancement=standard,noise=smooth,parenchyma=uniform,outline=regular`,
      ),
    });

  it('keeps the HCC pattern on average while its nodules vary far more than the mild mosaic, on every phase after contrast', () => {
    let checked = 0;
    for (let index = 0; checked < 6 && index < 60; index++) {
      const mild = render(index, 'mild');
      const mosaic = render(index, 'mosaic');
      const lesion = mosaic.lesions[0] as Lesion;
      if (lesion.diameterMm < 30 || lesion.attributes.includes('necrotic-core')) continue;
      expect(lesion.attributes).toContain('nodule-in-nodule');
      expect(mild.lesions[0]?.attributes).not.toContain('nodule-in-nodule');
      for (const phase of ['ART', 'PV'] as const) {
        const voxels = lesionVoxels(mosaic, lesion, phase, 0, 0.7);
        const liverVoxels = voxelsOf(mosaic, labelVolume(mosaic, phase, 4), 'liver right lobe');
        const tolerance = meanTolerance(mosaic, voxels.length) + meanTolerance(mosaic, liverVoxels.length) + 8;
        const mosaicHu = renderPhase(mosaic, phase);
        const mildHu = renderPhase(mild, phase);
        const delta = mean(mosaicHu, voxels) - mean(mosaicHu, liverVoxels);
        if (phase === 'ART' && !lesion.attributes.includes('no-APHE'))
          expect(delta, `${mosaic.name} ART`).toBeGreaterThan(20 - tolerance);
        if (phase === 'PV' && !lesion.attributes.includes('no-washout'))
          expect(delta, `${mosaic.name} PV`).toBeLessThan(-10 + tolerance);
        // Same noise, same lesion: the septa's enhancement is paid for by darker nodules, so the
        // mean stays the drawn one (it rose by ~10 HU on PV before); what is left is the nodules'
        // own values, a few cells' worth of uniform draws.
        if (phase === 'PV') {
          const shift = mean(mosaicHu, voxels) - mean(mildHu, voxels);
          expect(Math.abs(shift), `${mosaic.name} PV mean, mosaic − mild`).toBeLessThan(4);
        }
        // The extra variance is the nodules' and the septa's (on ART only the arterialised HCC's
        // nodules differ by much: 15-30 HU against 5-12 without APHE).
        if (phase === 'ART' && lesion.attributes.includes('no-APHE')) continue;
        const extra = standardDeviation(mosaicHu, voxels) ** 2 - standardDeviation(mildHu, voxels) ** 2;
        expect(Math.sqrt(Math.max(0, extra)), `${mosaic.name} ${phase}`).toBeGreaterThan(4);
      }
      checked++;
    }
    expect(checked).toBe(6);
  });
});
