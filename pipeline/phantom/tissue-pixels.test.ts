/**
 * Tissue HU measured on generated pixels (noise included): every tissue of every phase lands on
 * the value drawn for the study, inside the specification's range.
 */
import { describe, expect, it } from 'vitest';
import { PHASES, type Phase } from '../../src/core/labels';
import { slabSigma } from './grid';
import { AIR_LABEL, labelVolume, mean, meanTolerance, standardDeviation, voxelsOf } from './measure';
import { TISSUE_HU, type Tissue } from './spec';
import { createStudy, renderPhase, type PhantomStudy } from './study';

const MEASURED: readonly [part: string, tissue: Tissue, textureHu: (phase: Phase) => number][] = [
  ['liver right lobe', 'liver', () => 5],
  ['aorta', 'aorta', () => 0],
  ['portal vein', 'portalVein', () => 0],
  ['inferior vena cava', 'hepaticVein', () => 0],
  ['spleen', 'spleen', (phase) => (phase === 'ART' ? 30 : 0)],
  ['kidney cortex', 'kidneyCortex', () => 0],
  ['paraspinal muscle', 'muscle', () => 0],
  ['subcutaneous fat', 'fat', () => 0],
  ['spinous process', 'bone', () => 0],
];

function studies(): PhantomStudy[] {
  return [0, 1, 2].map((index) =>
    createStudy({ seed: 'tissue-pixels', index, labels: ['CYST'], size: 384, slices: 40, sliceThicknessMm: 2.5 }),
  );
}

describe('tissue HU in the generated pixels', () => {
  const cases = studies();
  it.each(cases.map((study) => [study.name, study] as const))('%s: each tissue on its drawn value', (_name, study) => {
    const margin = 4.5 * Math.max(0.6 * study.grid.pixelSpacing, slabSigma(study.grid.sliceSpacing));
    for (const phase of PHASES) {
      const hu = renderPhase(study, phase);
      const labels = labelVolume(study, phase, margin);
      for (const [partName, tissue, texture] of MEASURED) {
        const voxels = voxelsOf(study, labels, partName);
        expect(voxels.length, `${partName} ${phase}: voxels to measure`).toBeGreaterThan(20);
        const measured = mean(hu, voxels);
        const drawn = study.tissues[tissue][phase];
        const tolerance = meanTolerance(study, voxels.length) + texture(phase);
        expect(
          Math.abs(measured - drawn),
          `${partName} ${phase}: measured ${measured.toFixed(1)}, drawn ${drawn.toFixed(1)}`,
        ).toBeLessThan(tolerance);
        const { mean: specMean, spread } = TISSUE_HU[tissue][phase];
        expect(measured).toBeGreaterThan(specMean - spread - tolerance);
        expect(measured).toBeLessThan(specMean + spread + tolerance);
      }
    }
  });

  it('has air at −1000 HU outside the body, with the drawn noise level', () => {
    const study = cases[0] as PhantomStudy;
    const hu = renderPhase(study, 'PV');
    const labels = labelVolume(study, 'PV', 10);
    const outside: number[] = [];
    labels.forEach((label, v) => {
      if (label === AIR_LABEL) outside.push(v);
    });
    expect(outside.length).toBeGreaterThan(1000);
    expect(Math.abs(mean(hu, outside) + 1000)).toBeLessThan(1);
    const sd = standardDeviation(hu, outside);
    expect(sd / study.noise.sigmaHu).toBeGreaterThan(0.9);
    expect(sd / study.noise.sigmaHu).toBeLessThan(1.1);
  });
});
