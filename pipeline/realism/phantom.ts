/**
 * Measures phantoms rendered in memory (nothing is written): organ HU from exact masks (the
 * generator knows every part's shape), noise from liver squares, and each HCC's contrast to the
 * liver, per phase — the same quantities real-ct.ts takes from the real scans.
 */
import type { Phase } from '../../src/core/labels';
import { indexRange, sliceZ } from '../phantom/grid';
import { labelVolume, paintedLayers } from '../phantom/measure';
import type { Variation } from '../phantom/families';
import { createStudy, renderPhase, type PhantomStudy } from '../phantom/study';
import type { PhaseMeasures, StudyMeasures, Tissue, TissueStats } from './measures';
import { estimateNoise, NOISE_PATCH_MM, type Patch } from './noise';
import { squareFrom, type AxialSlice } from './slice-roi';

export interface PhantomOptions {
  readonly seed: string;
  readonly count: number;
  readonly slices: number;
  readonly sliceThicknessMm: number;
  readonly phases: readonly Phase[];
  /** Organ masks and noise patches on every n-th slice only: labelling costs as much as painting. */
  readonly measureEvery: number;
  readonly variation: Variation;
}

export interface PhantomResult {
  readonly measures: StudyMeasures[];
  /** PV slice through the centre of the largest HCC, for the picture. */
  readonly tumourSlice: { readonly study: string; readonly diameterMm: number; readonly slice: AxialSlice } | null;
}

/** Voxels this far (mm) inside a part and from every part painted over it: free of partial volume. */
const MARGIN_MM = 2;
/** Every study gets two HCCs, so the lesion range has twice as many members as studies. */
const LABELS = ['HCC', 'HCC'] as const;

/** The organ a painted part belongs to, for the parts this report measures. */
function tissueOf(partName: string): Tissue | null {
  if (partName.startsWith('liver')) return 'liver';
  if (partName === 'spleen') return 'spleen';
  if (partName === 'aorta') return 'aorta';
  if (partName === 'portal vein') return 'portal-vein';
  return null;
}

export function measurePhantoms(options: PhantomOptions): PhantomResult {
  const studies = Array.from({ length: options.count }, (_, index) =>
    createStudy({
      seed: options.seed,
      index,
      labels: LABELS,
      size: 512,
      slices: options.slices,
      sliceThicknessMm: options.sliceThicknessMm,
      variation: options.variation,
    }),
  );
  // The picture shows the largest HCC: the one most like the real 8-cm mass.
  let largest: { study: PhantomStudy; lesion: PhantomStudy['lesions'][number] } | null = null;
  for (const study of studies) {
    for (const lesion of study.lesions) {
      if (largest === null || lesion.diameterMm > largest.lesion.diameterMm) largest = { study, lesion };
    }
  }
  let tumourSlice: PhantomResult['tumourSlice'] = null;
  const measures = studies.map((study) => {
    const byPhase: StudyMeasures = {};
    for (const phase of options.phases) {
      const hu = renderPhase(study, phase);
      byPhase[phase] = measurePhase(study, phase, hu, options.measureEvery);
      if (phase === 'PV' && largest?.study === study) {
        const z = largest.lesion.center[2] + study.shifts.PV[2];
        const k = Math.min(
          study.grid.slices - 1,
          Math.max(0, Math.round((study.grid.z0 - z) / study.grid.sliceSpacing)),
        );
        const { grid } = study;
        const size = grid.columns * grid.rows;
        tumourSlice = {
          study: study.name,
          diameterMm: largest.lesion.diameterMm,
          slice: {
            pixels: hu.slice(k * size, (k + 1) * size),
            geometry: {
              columns: grid.columns,
              rows: grid.rows,
              x0: grid.x0,
              y0: grid.y0,
              columnSpacing: grid.pixelSpacing,
              rowSpacing: grid.pixelSpacing,
            },
            z: sliceZ(grid, k),
          },
        };
      }
    }
    return byPhase;
  });
  return { measures, tumourSlice };
}

function measurePhase(study: PhantomStudy, phase: Phase, hu: Float32Array, every: number): PhaseMeasures {
  const { grid } = study;
  // Labels on slices 0, every, 2·every…: a grid of the same geometry with a coarser slice step.
  const measured = { ...grid, slices: Math.ceil(grid.slices / every), sliceSpacing: grid.sliceSpacing * every };
  const labels = labelVolume({ ...study, grid: measured }, phase, MARGIN_MM);
  const layerTissue = paintedLayers(study, phase).map((_, index) => {
    const part = study.anatomy.background[index];
    return part === undefined ? null : tissueOf(part.name);
  });

  const sums = new Map<Tissue, { sum: number; squares: number; count: number }>();
  const size = grid.columns * grid.rows;
  const side = Math.round(NOISE_PATCH_MM / grid.pixelSpacing);
  const patches: Patch[] = [];
  for (let m = 0; m < measured.slices; m++) {
    const labelOffset = m * size;
    const volumeOffset = m * every * size;
    for (let p = 0; p < size; p++) {
      const tissue = layerTissue[labels[labelOffset + p] as number];
      if (tissue === undefined || tissue === null) continue;
      const value = hu[volumeOffset + p] as number;
      const entry = sums.get(tissue) ?? { sum: 0, squares: 0, count: 0 };
      entry.sum += value;
      entry.squares += value * value;
      entry.count++;
      sums.set(tissue, entry);
    }
    // Noise patches: the slice cut into side × side tiles; a tile counts when all of it is liver.
    const isLiver = (p: number): boolean => layerTissue[labels[labelOffset + p] as number] === 'liver';
    const slice = hu.subarray(volumeOffset, volumeOffset + size);
    for (let j0 = 0; j0 + side <= grid.rows; j0 += side) {
      for (let i0 = 0; i0 + side <= grid.columns; i0 += side) {
        if (tileAll(grid.columns, i0, j0, side, isLiver)) {
          patches.push({ values: squareFrom(slice, grid.columns, i0, j0, side), side, spacingMm: grid.pixelSpacing });
        }
      }
    }
  }
  const tissues: Partial<Record<Tissue, TissueStats>> = {};
  for (const [tissue, { sum, squares, count }] of sums) {
    if (count < 2) continue;
    const mean = sum / count;
    tissues[tissue] = { mean, sd: Math.sqrt(Math.max(0, (squares - count * mean * mean) / (count - 1))) };
  }
  const liver = tissues.liver?.mean;
  const hccContrast = liver === undefined ? [] : hccMeans(study, phase, hu).map((mean) => mean - liver);
  return { tissues, noise: estimateNoise(patches), hccContrast };
}

function tileAll(columns: number, i0: number, j0: number, side: number, test: (p: number) => boolean): boolean {
  for (let j = j0; j < j0 + side; j++) {
    for (let i = i0; i < i0 + side; i++) if (!test(j * columns + i)) return false;
  }
  return true;
}

/**
 * Mean HU of each HCC's core: voxels deeper than a quarter of its smallest semi-axis (at least
 * MARGIN_MM), as the real tumour's disc covers the central part of the mass and not its rim.
 */
function hccMeans(study: PhantomStudy, phase: Phase, hu: Float32Array): number[] {
  const { grid } = study;
  const shift = study.shifts[phase];
  const normalZ = new Float64Array(1);
  const out: number[] = [];
  for (const lesion of study.lesions) {
    if (lesion.label !== 'HCC') continue;
    const depth = Math.max(MARGIN_MM, 0.25 * Math.min(...lesion.semiAxes));
    const { min, max } = lesion.surface.bounds;
    const range = indexRange(grid, {
      min: [min[0] + shift[0], min[1] + shift[1], min[2] + shift[2]],
      max: [max[0] + shift[0], max[1] + shift[1], max[2] + shift[2]],
    });
    if (range === null) continue;
    let sum = 0;
    let count = 0;
    for (let k = range.k0; k <= range.k1; k++) {
      const z = sliceZ(grid, k) - shift[2];
      for (let j = range.j0; j <= range.j1; j++) {
        const y = grid.y0 + j * grid.pixelSpacing - shift[1];
        for (let i = range.i0; i <= range.i1; i++) {
          const x = grid.x0 + i * grid.pixelSpacing - shift[0];
          if (lesion.surface.signedDistance(x, y, z, normalZ) >= -depth) continue;
          sum += hu[(k * grid.rows + j) * grid.columns + i] as number;
          count++;
        }
      }
    }
    if (count > 0) out.push(sum / count);
  }
  return out;
}
