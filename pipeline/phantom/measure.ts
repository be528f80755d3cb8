/**
 * Measurements on rendered phantom volumes, for tests and reports: which voxels lie well inside a
 * part (and clear of everything painted over it), and their HU statistics.
 */
import type { Vec3 } from '../../src/core/geometry';
import type { Phase } from '../../src/core/labels';
import { sliceZ, type AxialGrid } from './grid';
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

/**
 * Indices of voxels at least `margin` mm inside `layers[index]`, at least `margin` mm outside every
 * layer painted after it, and at least `margin` mm inside the body.
 */
export function interiorVoxels(study: PhantomStudy, phase: Phase, index: number, margin: number): number[] {
  const layers = paintedLayers(study, phase);
  const target = layers[index];
  if (target === undefined) throw new Error(`no layer ${index}`);
  const later = layers.slice(index + 1);
  const { grid } = study;
  const normalZ = new Float64Array(1);
  const out: number[] = [];
  forEachVoxel(grid, (i, j, k, x, y, z) => {
    const inside = target.surface.signedDistance(
      x - target.shift[0],
      y - target.shift[1],
      z - target.shift[2],
      normalZ,
    );
    if (inside > -margin) return;
    if (study.anatomy.body.signedDistance(x, y, z, normalZ) > -margin) return;
    for (const layer of later) {
      if (layer.surface.signedDistance(x - layer.shift[0], y - layer.shift[1], z - layer.shift[2], normalZ) < margin)
        return;
    }
    out.push((k * grid.rows + j) * grid.columns + i);
  });
  return out;
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
