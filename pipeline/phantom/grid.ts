/**
 * The axial voxel grid a phantom is rendered on, and the painter every shape uses: a shape
 * reports a signed distance (mm, negative inside) and a value; the painter blends the value in
 * with a Gaussian-blurred edge (partial volume in-plane and through the slice).
 */
import { patientMm, type Vec3, type VolumeGeometry } from '../../src/core/geometry';

export interface AxialGrid {
  readonly columns: number;
  readonly rows: number;
  readonly slices: number;
  /** Patient x of column 0, y of row 0, z of slice 0 (the most cranial slice). */
  readonly x0: number;
  readonly y0: number;
  readonly z0: number;
  readonly pixelSpacing: number;
  /** Slice spacing = thickness; slice k lies at z0 - k * sliceSpacing (head to feet). */
  readonly sliceSpacing: number;
}

/** DICOM decimal strings hold 16 characters: positions and spacings are kept to the micrometre. */
export const roundToMicrometre = (mm: number): number => Math.round(mm * 1000) / 1000;

export const sliceZ = (grid: AxialGrid, k: number): number => grid.z0 - k * grid.sliceSpacing;

/** The grid as the viewer's volume geometry: axial, slice k at z0 − k × spacing (head to feet). */
export function gridGeometry(grid: AxialGrid): VolumeGeometry {
  return {
    dimensions: [grid.columns, grid.rows, grid.slices],
    origin: patientMm(grid.x0, grid.y0, grid.z0),
    rowDirection: [1, 0, 0],
    columnDirection: [0, 1, 0],
    sliceDirection: [0, 0, -1],
    spacing: [grid.pixelSpacing, grid.pixelSpacing, grid.sliceSpacing],
  };
}

export interface Bounds {
  readonly min: Vec3;
  readonly max: Vec3;
}

export interface IndexRange {
  readonly i0: number;
  readonly i1: number;
  readonly j0: number;
  readonly j1: number;
  readonly k0: number;
  readonly k1: number;
}

/** Voxel index ranges (inclusive) covering `bounds`, clipped to the grid; null when outside. */
export function indexRange(grid: AxialGrid, bounds: Bounds): IndexRange | null {
  const i0 = Math.max(0, Math.floor((bounds.min[0] - grid.x0) / grid.pixelSpacing));
  const i1 = Math.min(grid.columns - 1, Math.ceil((bounds.max[0] - grid.x0) / grid.pixelSpacing));
  const j0 = Math.max(0, Math.floor((bounds.min[1] - grid.y0) / grid.pixelSpacing));
  const j1 = Math.min(grid.rows - 1, Math.ceil((bounds.max[1] - grid.y0) / grid.pixelSpacing));
  // z decreases with k.
  const k0 = Math.max(0, Math.floor((grid.z0 - bounds.max[2]) / grid.sliceSpacing));
  const k1 = Math.min(grid.slices - 1, Math.ceil((grid.z0 - bounds.min[2]) / grid.sliceSpacing));
  if (i0 > i1 || j0 > j1 || k0 > k1) return null;
  return { i0, i1, j0, j1, k0, k1 };
}

/**
 * Fraction of a voxel inside a surface at signed distance `d` (mm, negative inside) when the edge
 * is blurred by a Gaussian of standard deviation `sigma` (mm): the logistic approximation of the
 * normal CDF, which is accurate to 1 % and cheap.
 */
export function edgeOccupancy(d: number, sigma: number): number {
  const t = d / sigma;
  if (t > 5) return 0;
  if (t < -5) return 1;
  return 1 / (1 + Math.exp(1.702 * t));
}

/** Edge blur for a surface whose normal has z-component `nz`: in-plane blur plus the slice slab. */
export function edgeSigma(inPlaneSigma: number, sliceSigma: number, nz: number): number {
  return Math.sqrt(inPlaneSigma * inPlaneSigma + nz * nz * sliceSigma * sliceSigma);
}

/** Standard deviation of a uniform slab of the given thickness (partial volume through a slice). */
export const slabSigma = (thickness: number): number => thickness / Math.sqrt(12);
