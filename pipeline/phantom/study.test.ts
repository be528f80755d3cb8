/**
 * The study as a whole: annotation centres land on the lesions, breathing shifts and acquisition
 * parameters stay in their ranges, headers carry the phase cues of docs/phantom-specification.md, and the
 * same seed gives the same study.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LESION_CLASSES, PHASES } from '../../src/core/labels';
import { slabSigma, sliceZ } from './grid';
import { parseFamilyRules, SPECIFICATION_FAMILIES } from './families';
import { ACQUISITION, EARLY_ARTERIAL_HU, PHASE_DESCRIPTIONS, STRONG_ENHANCEMENT_GAIN } from './spec';
import { createStudy, lesionCenter, renderPhase, studyAnnotations } from './study';

describe('phantom study', () => {
  it('puts every annotated centre on its lesion, in every phase', () => {
    let checked = 0;
    for (let index = 0; index < 3; index++) {
      const study = createStudy({ seed: 'centres', index, labels: LESION_CLASSES, size: 256, slices: 32 });
      const annotations = studyAnnotations(study);
      const { grid } = study;
      for (const phase of PHASES) {
        const hu = renderPhase(study, phase, { noise: false });
        for (const [n, lesion] of study.lesions.entries()) {
          const annotated = annotations.lesions[n]?.phaseCenters?.[phase];
          expect(annotated).toBeDefined();
          if (annotated === undefined) continue;
          // The voxel holding the annotated centre, found from patient mm alone.
          const i = Math.round((annotated[0] - grid.x0) / grid.pixelSpacing);
          const j = Math.round((annotated[1] - grid.y0) / grid.pixelSpacing);
          const k = Math.round((grid.z0 - annotated[2]) / grid.sliceSpacing);
          const pixel = hu[(k * grid.rows + j) * grid.columns + i] as number;
          // Voxel centre in the lesion's own frame: what the lesion model says is there.
          const shift = study.shifts[phase];
          const x = grid.x0 + i * grid.pixelSpacing - shift[0];
          const y = grid.y0 + j * grid.pixelSpacing - shift[1];
          const z = sliceZ(grid, k) - shift[2];
          const normalZ = new Float64Array(1);
          const depth = -lesion.surface.signedDistance(x, y, z, normalZ);
          // Where the blurred edge reaches the centre (tiny lesions), partial volume mixes in liver.
          const edgeSigma = Math.max(lesion.softnessVoxels * grid.pixelSpacing, slabSigma(grid.sliceSpacing));
          if (depth < 5 * edgeSigma) continue;
          checked++;
          const expected = lesion.value[phase](x, y, z, depth);
          expect(Math.abs(pixel - expected), `${study.name} ${lesion.id} ${lesion.label} ${phase}`).toBeLessThan(0.5);
        }
      }
      expect(annotations.lesions.every((l) => l.center === l.phaseCenters?.PV)).toBe(true);
    }
    expect(checked).toBeGreaterThan(30);
  });

  it('shifts phases independently by at most 8 mm per axis', () => {
    const axes: number[] = [];
    for (let index = 0; index < 100; index++) {
      const study = createStudy({ seed: 'shifts', index, labels: ['CYST'], size: 64, slices: 8 });
      for (const phase of PHASES) axes.push(...study.shifts[phase]);
      const lesion = study.lesions[0];
      if (lesion === undefined) continue;
      const nc = lesionCenter(study, lesion, 'NC');
      const pv = lesionCenter(study, lesion, 'PV');
      expect(Math.hypot(nc[0] - pv[0], nc[1] - pv[1], nc[2] - pv[2])).toBeLessThanOrEqual(Math.sqrt(3) * 16);
    }
    expect(Math.max(...axes.map(Math.abs))).toBeLessThanOrEqual(ACQUISITION.misregistrationMm);
    expect(Math.max(...axes)).toBeGreaterThan(6);
    expect(Math.min(...axes)).toBeLessThan(-6);
  });

  it('draws acquisition parameters from the specified ranges', () => {
    const thicknesses = new Set<number>();
    for (let index = 0; index < 200; index++) {
      const study = createStudy({ seed: 'acquisition', index, labels: ['CYST'], size: 512, slices: 8 });
      expect(study.grid.pixelSpacing).toBeGreaterThanOrEqual(0.6);
      expect(study.grid.pixelSpacing).toBeLessThanOrEqual(0.9);
      expect(study.noise.sigmaHu).toBeGreaterThanOrEqual(8);
      expect(study.noise.sigmaHu).toBeLessThanOrEqual(25);
      expect(study.noise.kernelPx).toBeGreaterThanOrEqual(0.7);
      expect(study.noise.kernelPx).toBeLessThanOrEqual(1.5);
      expect([-1024, 0]).toContain(study.header.rescaleIntercept);
      thicknesses.add(study.grid.sliceSpacing);
    }
    expect([...thicknesses].sort()).toEqual([...ACQUISITION.sliceThicknessMm].sort());
  });

  it('labels phases in the headers, uninformatively in about a fifth of the studies', () => {
    let uninformative = 0;
    const n = 300;
    for (let index = 0; index < n; index++) {
      const study = createStudy({ seed: 'headers', index, labels: ['CYST'], size: 64, slices: 4 });
      const descriptions = new Set(study.series.map((s) => s.description));
      if (study.headerCues === 'description') {
        for (const series of study.series) {
          const base = series.description.replace(/ [0-9.]+mm$/, '').toLowerCase();
          expect(PHASE_DESCRIPTIONS[series.phase].map((d) => d.toLowerCase())).toContain(base);
        }
      } else {
        uninformative++;
        expect(descriptions.size).toBe(1);
      }
      const [nc, art, pv, dl] = study.series;
      if (study.headerCues !== 'none') {
        // Acquisition order and the contrast tags that phase detection can fall back on.
        const times = [nc, art, pv, dl].map((s) => Number(s?.acquisitionTime));
        expect(times).toEqual([...times].sort((a, b) => a - b));
        expect(nc?.contrast).toBeUndefined();
        for (const s of [art, pv, dl]) expect(s?.contrast?.startTime).toMatch(/^\d{6}\.\d{3}$/);
      } else {
        for (const s of study.series) expect(s.acquisitionTime).toBeUndefined();
      }
      const uids = [
        study.header.studyInstanceUid,
        study.header.frameOfReferenceUid,
        ...study.series.map((s) => s.seriesInstanceUid),
      ];
      for (const uid of uids) expect(uid).toMatch(/^2\.25\.[1-9][0-9]*$/);
      expect(new Set(uids).size).toBe(uids.length);
    }
    expect(uninformative / n).toBeGreaterThan(0.12);
    expect(uninformative / n).toBeLessThan(0.28);
  });

  it('is deterministic: the same seed and index give the same study, another seed another', () => {
    const a = createStudy({ seed: 'same', index: 3, labels: ['HCC', 'HEM'], size: 96, slices: 6 });
    const b = createStudy({ seed: 'same', index: 3, labels: ['HCC', 'HEM'], size: 96, slices: 6 });
    const c = createStudy({ seed: 'other', index: 3, labels: ['HCC', 'HEM'], size: 96, slices: 6 });
    expect(studyAnnotations(a)).toEqual(studyAnnotations(b));
    expect(renderPhase(a, 'ART')).toEqual(renderPhase(b, 'ART'));
    expect(studyAnnotations(c).studyInstanceUid).not.toBe(studyAnnotations(a).studyInstanceUid);
    expect(renderPhase(c, 'ART')).not.toEqual(renderPhase(a, 'ART'));
  });

  it('renders the one path of the specification by default and draws families under wide', () => {
    const plain = createStudy({ seed: 'families', index: 0, labels: ['HCC'], size: 64, slices: 8 });
    expect(plain.families).toEqual(SPECIFICATION_FAMILIES);
    expect(plain.enhancementGain).toBe(1);
    expect(plain.noise.streakShare).toBe(0);
    const rules = parseFamilyRules('arterial=early,enhancement=strong,noise=streaky');
    const wide = createStudy({
      seed: 'families',
      index: 0,
      labels: ['HCC'],
      size: 64,
      slices: 8,
      variation: 'wide',
      familyRules: rules,
    });
    expect(wide.families.arterial).toBe('early');
    expect(wide.tissues.aorta.ART).toBeGreaterThanOrEqual(EARLY_ARTERIAL_HU.aorta?.[0] ?? Infinity);
    expect(wide.enhancementGain).toBeGreaterThanOrEqual(STRONG_ENHANCEMENT_GAIN[0]);
    expect(wide.enhancementGain).toBeLessThanOrEqual(STRONG_ENHANCEMENT_GAIN[1]);
    expect(wide.noise.streakShare).toBeGreaterThan(0.5);
    expect(wide.noise.kernelPx).toBeLessThan(ACQUISITION.noiseKernelPx[0]);
  });

  it('renders byte for byte what this generator version rendered (annotations and every phase, with noise)', () => {
    // A change to the phantoms changes this digest: bump GENERATOR_VERSION then, and say why.
    // Refactoring (anatomy.ts split into named sections, 2026-12-06) must leave it as it is.
    const hash = createHash('sha256');
    for (let index = 0; index < 8; index++) {
      const study = createStudy({
        seed: 'byte-identical',
        index,
        labels: LESION_CLASSES,
        size: 64,
        slices: 8,
        variation: 'wide',
      });
      hash.update(JSON.stringify(studyAnnotations(study)));
      for (const phase of PHASES) hash.update(new Uint8Array(renderPhase(study, phase).buffer));
    }
    expect(hash.digest('hex')).toBe('8f9c926fbadf0b9f05c5c373a9d6ed87c28015b8c5fff26f30cab2ff0198aeaa');
  });
});
