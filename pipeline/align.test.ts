/**
 * ROI alignment on phantom studies, against the generator's ground truth: a known extra
 * breathing shift of one phase, and the real case of lesions followed from PV to the other phases.
 */
import { describe, expect, it } from 'vitest';
import { patientMm, type Vec3, type VolumeGeometry } from '../src/core/geometry';
import type { LesionClass, Phase } from '../src/core/labels';
import { PHASE_ALIGN_OPTIONS, alignRoi, type HuVolume } from '../src/core/roi/align';
import { gridGeometry } from './phantom/grid';
import { createStudy, lesionCenter, renderPhase, type PhantomStudy } from './phantom/study';

const ALL_CLASSES: readonly LesionClass[] = ['HCC', 'CYST', 'FNH', 'HEM', 'METS'];

function phantom(index: number): PhantomStudy {
  return createStudy({ seed: 'align', index, labels: ALL_CLASSES, size: 192, slices: 32, sliceThicknessMm: 2.5 });
}

const geometryOf = (study: PhantomStudy): VolumeGeometry => gridGeometry(study.grid);

function render(study: PhantomStudy, phase: Phase): HuVolume {
  return { geometry: geometryOf(study), values: renderPhase(study, phase, { noise: true }) };
}

const minus = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];

function withinVoxel(found: Vec3, truth: Vec3, spacing: Vec3): boolean {
  return [0, 1, 2].every((a) => Math.abs((found[a] as number) - (truth[a] as number)) <= (spacing[a] as number));
}

/** Where the lesion is on `phase`, and how large, as the viewer would pass it. */
function roiOf(study: PhantomStudy, n: number, phase: Phase): { center: Vec3; radius: number } {
  const lesion = study.lesions[n];
  if (lesion === undefined) throw new Error(`no lesion ${String(n)}`);
  return { center: lesionCenter(study, lesion, phase), radius: Math.max(...lesion.semiAxes) };
}

describe('ROI alignment on phantoms', () => {
  it('recovers a known shift to within one voxel', () => {
    const misses: string[] = [];
    let checked = 0;
    const deltas: Vec3[] = [
      [3.3, -4.7, 2.2],
      [-6.1, 2.8, -3.9],
      [1.7, 5.6, -7.3],
    ];
    deltas.forEach((delta, index) => {
      const study = phantom(index);
      const s = study.shifts.PV;
      // The same anatomy breathing differently, and different noise (the seed only drives noise).
      const moved: PhantomStudy = {
        ...study,
        options: { ...study.options, seed: 'align-moved' },
        shifts: { ...study.shifts, PV: [s[0] + delta[0], s[1] + delta[1], s[2] + delta[2]] },
      };
      const fixed = render(study, 'PV');
      const moving = render(moved, 'PV');
      study.lesions.forEach((lesion, n) => {
        const { center, radius } = roiOf(study, n, 'PV');
        const result = alignRoi(fixed, moving, patientMm(...center), radius);
        checked++;
        if (!withinVoxel(result.shiftMm, delta, fixed.geometry.spacing)) {
          misses.push(`${study.name} ${lesion.label}: ${result.shiftMm.map((v) => v.toFixed(1)).join(', ')}`);
        }
      });
    });
    expect(checked).toBeGreaterThanOrEqual(15);
    // Measured: one miss in 15 (an HCC without APHE or washout, nearly isodense on PV, off in z).
    if (misses.length > 0) console.log(`known shift missed: ${misses.join('; ')}`);
    expect(misses.length).toBeLessThanOrEqual(1);
  });

  it('follows lesions of every class from PV to the other phases', () => {
    const tally = new Map<string, { hit: number; total: number }>();
    const count = (key: string, hit: boolean): void => {
      const entry = tally.get(key) ?? { hit: 0, total: 0 };
      tally.set(key, { hit: entry.hit + (hit ? 1 : 0), total: entry.total + 1 });
    };
    let slowest = 0;
    for (let index = 0; index < 5; index++) {
      const study = phantom(index);
      const pv = render(study, 'PV');
      for (const phase of ['NC', 'ART', 'DL'] as const) {
        const moving = render(study, phase);
        study.lesions.forEach((lesion, n) => {
          const { center, radius } = roiOf(study, n, 'PV');
          const truth = minus(roiOf(study, n, phase).center, center);
          const started = performance.now();
          const result = alignRoi(pv, moving, patientMm(...center), radius, PHASE_ALIGN_OPTIONS);
          slowest = Math.max(slowest, performance.now() - started);
          const hit = withinVoxel(result.shiftMm, truth, moving.geometry.spacing);
          count('all', hit);
          count(lesion.label, hit);
          count(`PV→${phase}`, hit);
          count(result.confident ? 'confident' : 'not confident', hit);
        });
      }
    }
    const share = (key: string): number => {
      const entry = tally.get(key);
      return entry === undefined ? 0 : entry.hit / entry.total;
    };
    const lines = [...tally].map(([key, { hit, total }]) => `${key}: ${String(hit)}/${String(total)}`);
    console.log(`within one voxel across phases — ${lines.join(', ')}; slowest ${slowest.toFixed(0)} ms`);
    expect(tally.get('all')?.total).toBeGreaterThanOrEqual(60);
    expect(share('all')).toBeGreaterThanOrEqual(0.75);
    for (const label of ALL_CLASSES) expect(share(label), label).toBeGreaterThanOrEqual(0.5);
  });

  it('follows lesions through the rendering families the model is trained on, rarely confidently wrong', () => {
    // Streaky or fine noise, early arterial timing, regional parenchyma, irregular outlines: what
    // the training phantoms are drawn with (256², as `npm run phantoms -- --size 256 --variation
    // wide`). This test's own output on these 280 alignments (2026-12-07): with
    // PHASE_ALIGN_OPTIONS' 55 mm of context, 267 within 3 mm and 9 confident but further off; run
    // with 25 mm instead, 258 and 17 (it fails).
    let near = 0;
    let confidentlyOff = 0;
    let total = 0;
    for (let index = 12; index < 40; index++) {
      const study = createStudy({ seed: 'align-wide', index, labels: ALL_CLASSES, size: 256, variation: 'wide' });
      const pv = render(study, 'PV');
      for (const phase of ['NC', 'ART'] as const) {
        const moving = render(study, phase);
        study.lesions.forEach((_, n) => {
          const { center, radius } = roiOf(study, n, 'PV');
          const truth = minus(roiOf(study, n, phase).center, center);
          const result = alignRoi(pv, moving, patientMm(...center), radius, PHASE_ALIGN_OPTIONS);
          const within3 = [0, 1, 2].every((a) => Math.abs((result.shiftMm[a] as number) - (truth[a] as number)) <= 3);
          total++;
          if (within3) near++;
          else if (result.confident) confidentlyOff++;
        });
      }
    }
    console.log(`families: ${String(near)}/${String(total)} within 3 mm, ${String(confidentlyOff)} confident but off`);
    expect(total).toBe(280);
    expect(near / total).toBeGreaterThanOrEqual(0.95);
    expect(confidentlyOff / total).toBeLessThanOrEqual(0.04);
  });
});
