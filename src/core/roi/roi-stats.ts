/**
 * HU statistics inside an ROI on the slice through its centre: what a radiologist reads off an
 * ROI (mean ± SD, range) and what the lesion row shows per phase, from the same decoded HU the
 * model reads. Pixels count when their centre lies inside the ellipse or rectangle.
 */
import { dot, patientToVoxel, voxelIndex, voxelToPatient, type Vec3, type VolumeGeometry } from '../geometry';
import type { ImagePlane, Roi } from './roi';
import { sliceWindow } from './slice-window';

export interface RoiHuStats {
  readonly count: number;
  readonly mean: number;
  /** Population standard deviation. */
  readonly sd: number;
  readonly min: number;
  readonly max: number;
}

/** The slice of `geometry` nearest the ROI centre, or null when the centre lies off the series. */
export function roiSlice(geometry: VolumeGeometry, roi: Roi): number | null {
  const k = Math.round(patientToVoxel(geometry, roi.center)[2]);
  return k >= 0 && k < geometry.dimensions[2] ? k : null;
}

/** Statistics of slice `k`'s HU (row-major, the series' grid) inside `roi`; null when no pixel is inside. */
export function roiHuStats(
  geometry: VolumeGeometry,
  k: number,
  hu: ArrayLike<number>,
  roi: Roi,
  plane: ImagePlane,
): RoiHuStats | null {
  const nx = geometry.dimensions[0];
  const box = sliceWindow(geometry, roi.center, Math.max(roi.halfWidthMm, roi.halfHeightMm));
  if (box === null) return null;
  const { i0, i1, j0, j1 } = box;
  let count = 0;
  let sum = 0;
  let squares = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let j = j0; j <= j1; j++) {
    for (let i = i0; i <= i1; i++) {
      const p = voxelToPatient(geometry, voxelIndex(i, j, k));
      const d: Vec3 = [p[0] - roi.center[0], p[1] - roi.center[1], p[2] - roi.center[2]];
      const u = dot(d, plane.row) / roi.halfWidthMm;
      const v = dot(d, plane.column) / roi.halfHeightMm;
      const inside = roi.shape === 'ellipse' ? u * u + v * v <= 1 : Math.abs(u) <= 1 && Math.abs(v) <= 1;
      const value = hu[j * nx + i];
      if (!inside || value === undefined || Number.isNaN(value)) continue;
      count++;
      sum += value;
      squares += value * value;
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
  }
  if (count === 0) return null;
  const mean = sum / count;
  return { count, mean, sd: Math.sqrt(Math.max(0, squares / count - mean * mean)), min, max };
}
