/**
 * The liver reference (src/core/roi/liver-ring.ts) on generated studies, where every voxel's organ
 * is known: around each lesion's ROI, and around ROIs drawn on the liver's edge, on NC, ART and PV,
 * the pixels it keeps are liver (labels from measure.ts, edges of parts left out as unknown).
 */
import { describe, expect, it } from 'vitest';
import { patientMm } from '../../src/core/geometry';
import type { Phase } from '../../src/core/labels';
import { MODEL_PHASES } from '../../src/core/labels';
import { liverRing } from '../../src/core/roi/liver-ring';
import { circularRoi } from '../../src/core/roi/roi';
import { gridGeometry } from './grid';
import { EDGE_LABEL, labelVolume } from './measure';
import { drawNormalRois } from './normal-rois';
import { Rng } from '../../src/core/random';
import { createStudy, renderPhase, studyAnnotations } from './study';

interface RingRoi {
  readonly id: string;
  readonly radiusMm: number;
  readonly phaseCenters: Partial<Record<Phase, readonly number[]>>;
}

describe('liver reference on phantoms', () => {
  it('keeps ≥ 98 % liver around lesions and at the liver edge, on every phase', () => {
    let liver = 0;
    let other = 0;
    let rings = 0;
    let plainLiverTotal = 0;
    let plainOtherTotal = 0;
    let unreliable = 0;
    const worst: string[] = [];
    for (const index of [0, 1, 2, 3]) {
      const study = createStudy({
        seed: 'liver-ring',
        index,
        labels: ['HCC', 'METS', 'CYST'],
        size: 192,
        slices: 32,
        variation: 'wide',
      });
      const annotations = studyAnnotations(study) as unknown as { lesions: RingRoi[] };
      const edges = drawNormalRois(study, new Rng(`liver-ring/${String(index)}`), 12)
        .filter((r) => r.tissue === 'liver-edge' || r.tissue === 'liver')
        .map((r): RingRoi => ({ id: r.tissue, radiusMm: r.radiusMm, phaseCenters: { PV: r.center } }));
      const geometry = gridGeometry(study.grid);
      const g = study.grid;
      const plane = g.columns * g.rows;
      for (const phase of MODEL_PHASES) {
        const hu = renderPhase(study, phase);
        const labels = labelVolume(study, phase, 0.5 * g.pixelSpacing);
        const liverLabels = new Set(
          study.anatomy.background.flatMap((part, i) => (part.name.startsWith('liver') ? [i] : [])),
        );
        // Normal ROIs were placed on PV only (on NC and ART the liver has moved with breathing).
        const rois = [...annotations.lesions, ...edges];
        for (const roi of rois) {
          const c = roi.phaseCenters[phase];
          if (c === undefined) continue;
          const center = patientMm(c[0] ?? 0, c[1] ?? 0, c[2] ?? 0);
          const k = Math.round((g.z0 - center[2]) / g.sliceSpacing);
          if (k < 0 || k >= g.slices) continue;
          const ring = liverRing(
            geometry,
            k,
            hu.subarray(k * plane, (k + 1) * plane),
            circularRoi(center, roi.radiusMm),
          );
          rings++;
          if (ring.stats === null) {
            unreliable++;
            continue;
          }
          const count = (pixels: readonly number[]): [number, number] => {
            let inLiver = 0;
            let outside = 0;
            for (const p of pixels) {
              const label = labels[k * plane + p] ?? EDGE_LABEL;
              if (label === EDGE_LABEL) continue;
              if (liverLabels.has(label)) inLiver++;
              else outside++;
            }
            return [inLiver, outside];
          };
          const [inLiver, outside] = count(ring.pixels);
          liver += inLiver;
          other += outside;
          // What the plain ring it replaced kept: every soft-tissue pixel (−50…250 HU) in the same band.
          const slab = hu.subarray(k * plane, (k + 1) * plane);
          const plainPixels = Array.from(slab.keys()).filter((p) => {
            const d = Math.hypot(
              g.x0 + (p % g.columns) * g.pixelSpacing - center[0],
              g.y0 + Math.floor(p / g.columns) * g.pixelSpacing - center[1],
            );
            const value = slab[p] ?? Number.NaN;
            return d >= ring.innerMm && d <= ring.outerMm && value >= -50 && value <= 250;
          });
          const [plainLiver, plainOther] = count(plainPixels);
          plainLiverTotal += plainLiver;
          plainOtherTotal += plainOther;
          if (outside > 0.1 * (inLiver + outside))
            worst.push(`${study.name} ${roi.id} ${phase}: ${String(outside)}/${String(inLiver + outside)} not liver`);
        }
      }
    }
    const share = liver / (liver + other);
    const plainShare = plainLiverTotal / (plainLiverTotal + plainOtherTotal);
    console.log(
      `liver reference on phantoms: ${String(rings)} rings, ${String(unreliable)} without a reliable reference; ${(100 * share).toFixed(1)} % of kept pixels liver (plain soft-tissue ring: ${(100 * plainShare).toFixed(1)} %)${worst.length > 0 ? `; > 10 % not liver: ${worst.join('; ')}` : ''}`,
    );
    expect(rings).toBeGreaterThan(30);
    expect(share).toBeGreaterThanOrEqual(0.98);
    expect(share).toBeGreaterThan(plainShare);
  });
});
