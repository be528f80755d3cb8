/**
 * Measurements on rendered phantom volumes, for tests and reports: which voxels lie well inside a
 * part (and clear of everything painted over it), and their HU statistics.
 */
import type { Vec3 } from '../../src/core/geometry';
import type { Phase } from '../../src/core/labels';
import { indexRange, sliceZ, type AxialGrid, type Bounds } from './grid';
import type { Surface } from './shapes';
import type { PhantomStudy } from './study';

export interface Layer {
  readonly surface: Surface;
  readonly shift: Vec3;
}

const ZERO: Vec3 = [0, 0, 0];

/** Every painted surface of a phase, in paint order, with its shift. */
export function paintedLayers(study: PhantomStudy, phase: Phase): Layer[] {
  const shift = study.shifts[phase];
  return [
    ...study.anatomy.background.map((p) => ({ surface: p.surface, shift: p.mobile ? shift : ZERO })),
    ...study.lesions.map((l) => ({ surface: l.surface, shift })),
    ...study.anatomy.foreground.map((p) => ({ surface: p.surface, shift: p.mobile ? shift : ZERO })),
  ];
}

/** Label of voxels outside the body in `labelVolume`. */
export const AIR_LABEL = -2;
/** Label of voxels too close to an edge to be measured. */
export const EDGE_LABEL = -1;

/**
 * For every voxel, the index (in `paintedLayers` order) of the layer it lies at least `margin` mm
 * inside, provided no later layer comes within `margin` mm of it; `EDGE_LABEL` when an edge is
 * closer, `AIR_LABEL` when it is at least `margin` outside the body. One pass per layer, like
 * rendering, so it is cheap enough for tests at full matrix size.
 */
export function labelVolume(study: PhantomStudy, phase: Phase, margin: number): Int32Array {
  const { grid } = study;
  const labels = new Int32Array(grid.columns * grid.rows * grid.slices).fill(EDGE_LABEL);
  const normalZ = new Float64Array(1);
  paintedLayers(study, phase).forEach((layer, index) => {
    const range = indexRange(grid, shifted(layer.surface.bounds, layer.shift, margin));
    if (range === null) return;
    for (let k = range.k0; k <= range.k1; k++) {
      const z = sliceZ(grid, k) - layer.shift[2];
      for (let j = range.j0; j <= range.j1; j++) {
        const y = grid.y0 + j * grid.pixelSpacing - layer.shift[1];
        const row = (k * grid.rows + j) * grid.columns;
        for (let i = range.i0; i <= range.i1; i++) {
          const d = layer.surface.signedDistance(grid.x0 + i * grid.pixelSpacing - layer.shift[0], y, z, normalZ);
          if (d < -margin) labels[row + i] = index;
          else if (d < margin) labels[row + i] = EDGE_LABEL;
        }
      }
    }
  });
  forEachVoxel(grid, (i, j, k, x, y, z) => {
    const d = study.anatomy.body.signedDistance(x, y, z, normalZ);
    const v = (k * grid.rows + j) * grid.columns + i;
    if (d > margin) labels[v] = AIR_LABEL;
    else if (d > -margin) labels[v] = EDGE_LABEL;
  });
  return labels;
}

/** Voxel indices whose label is one of the background parts named `name`. */
export function voxelsOf(study: PhantomStudy, labels: Int32Array, name: string): number[] {
  const wanted = new Set<number>();
  study.anatomy.background.forEach((part, index) => {
    if (part.name === name) wanted.add(index);
  });
  const out: number[] = [];
  for (let v = 0; v < labels.length; v++) if (wanted.has(labels[v] as number)) out.push(v);
  return out;
}

function shifted(bounds: Bounds, shift: Vec3, pad: number): Bounds {
  return {
    min: [bounds.min[0] + shift[0] - pad, bounds.min[1] + shift[1] - pad, bounds.min[2] + shift[2] - pad],
    max: [bounds.max[0] + shift[0] + pad, bounds.max[1] + shift[1] + pad, bounds.max[2] + shift[2] + pad],
  };
}

export function forEachVoxel(
  grid: AxialGrid,
  visit: (i: number, j: number, k: number, x: number, y: number, z: number) => void,
): void {
  for (let k = 0; k < grid.slices; k++) {
    const z = sliceZ(grid, k);
    for (let j = 0; j < grid.rows; j++) {
      const y = grid.y0 + j * grid.pixelSpacing;
      for (let i = 0; i < grid.columns; i++) visit(i, j, k, grid.x0 + i * grid.pixelSpacing, y, z);
    }
  }
}

export function mean(values: Float32Array, indices: readonly number[]): number {
  let sum = 0;
  for (const index of indices) sum += values[index] as number;
  return sum / indices.length;
}

export function standardDeviation(values: Float32Array, indices: readonly number[]): number {
  const m = mean(values, indices);
  let sum = 0;
  for (const index of indices) sum += ((values[index] as number) - m) ** 2;
  return Math.sqrt(sum / Math.max(1, indices.length - 1));
}

/**
 * Tolerance for the mean of `count` voxels of correlated noise: `sigmas` standard errors, where the
 * noise kernel makes about 4πk² neighbouring pixels (and never more than `count`) one sample.
 */
export function meanTolerance(study: PhantomStudy, count: number, sigmas = 4): number {
  const correlated = Math.max(1, 4 * Math.PI * study.noise.kernelPx ** 2);
  return (sigmas * study.noise.sigmaHu) / Math.sqrt(Math.max(1, count / correlated));
}
