import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/random';
import { sliceZ } from './grid';
import { drawNormalRois } from './normal-rois';
import { createStudy, renderPhase } from './study';

/** HU at the voxel nearest a patient point (the phantom's grid is axial). */
function huAt(hu: Float32Array, study: ReturnType<typeof createStudy>, p: readonly number[]): number {
  const g = study.grid;
  const col = Math.round(((p[0] ?? 0) - g.x0) / g.pixelSpacing);
  const row = Math.round(((p[1] ?? 0) - g.y0) / g.pixelSpacing);
  const k = Math.round((g.z0 - (p[2] ?? 0)) / g.sliceSpacing);
  return hu[(k * g.rows + row) * g.columns + col] ?? Number.NaN;
}

describe('normal-tissue ROIs of a phantom', () => {
  const study = createStudy({ seed: 'normal-rois', index: 3, labels: ['HCC', 'CYST'], size: 128, slices: 24 });
  const rois = drawNormalRois(study, new Rng('normal-rois/test'), 12);
  const pv = renderPhase(study, 'PV', { noise: false });
  const art = renderPhase(study, 'ART', { noise: false });

  it('draws the asked number, inside the scanned range, at sizes people draw, clear of every lesion', () => {
    expect(rois).toHaveLength(12);
    const g = study.grid;
    for (const roi of rois) {
      expect(roi.radiusMm).toBeGreaterThanOrEqual(4);
      expect(roi.radiusMm).toBeLessThanOrEqual(20);
      expect(roi.center[2]).toBeLessThan(g.z0);
      expect(roi.center[2]).toBeGreaterThan(sliceZ(g, g.slices - 1));
      for (const lesion of study.lesions) {
        const c = lesion.center.map((v, a) => v + (study.shifts.PV[a] ?? 0));
        const distance = Math.hypot(...c.map((v, a) => v - (roi.center[a] ?? 0)));
        expect(distance).toBeGreaterThan(Math.max(...lesion.semiAxes) + roi.radiusMm);
      }
    }
  });

  it('centres each ROI on the tissue it names, on PV and, where the organ moved, on ART', () => {
    const expected: Record<string, (hu: number) => boolean> = {
      liver: (hu) => hu > 60 && hu < 200,
      // Half in the liver, half out, on 3.5 mm pixels: anything but air or fat at the centre.
      'liver-edge': (hu) => hu > -60 && hu < 200,
      spleen: (hu) => hu > 60 && hu < 200,
      kidney: (hu) => hu > 20,
      vessel: (hu) => hu > 80,
      muscle: (hu) => hu > 20 && hu < 120,
      fat: (hu) => hu < -50,
      bone: (hu) => hu > 150,
      bowel: (hu) => hu > -1000,
      air: (hu) => hu < -900,
    };
    for (const roi of rois) {
      const check = expected[roi.tissue] ?? (() => false);
      expect(check(huAt(pv, study, roi.center)), `${roi.id} ${roi.tissue} on PV`).toBe(true);
      if (roi.tissue === 'air') expect(huAt(art, study, roi.phaseCenters.ART)).toBeLessThan(-900);
    }
  });

  it('is the same for the same seed', () => {
    expect(drawNormalRois(study, new Rng('normal-rois/test'), 12)).toEqual(rois);
  });
});
