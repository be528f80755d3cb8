/** A box of voxels: what a viewer must read from disk for an alignment or a crop. */
import { patientMm, patientToVoxel, type PatientMm, type Vec3, type VolumeGeometry } from '../geometry';

/** Inclusive voxel index ranges, clipped to the volume. */
export interface VoxelBox {
  readonly columns: readonly [number, number];
  readonly rows: readonly [number, number];
  readonly slices: readonly [number, number];
}

/**
 * The voxels within `reachMm` (per patient axis) of `center`, with a voxel of slack for
 * interpolation; null when that region misses the volume.
 */
export function boxAround(geometry: VolumeGeometry, center: PatientMm, reachMm: Vec3): VoxelBox | null {
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let corner = 0; corner < 8; corner++) {
    const sign = (bit: number, axis: 0 | 1 | 2): number => (corner & bit ? reachMm[axis] : -reachMm[axis]);
    const v = patientToVoxel(
      geometry,
      patientMm(center[0] + sign(1, 0), center[1] + sign(2, 1), center[2] + sign(4, 2)),
    );
    for (let a = 0; a < 3; a++) {
      lo[a] = Math.min(lo[a] as number, v[a] as number);
      hi[a] = Math.max(hi[a] as number, v[a] as number);
    }
  }
  const range = (a: 0 | 1 | 2): readonly [number, number] | null => {
    const first = Math.max(0, Math.floor(lo[a] as number));
    const last = Math.min(geometry.dimensions[a] - 1, Math.ceil(hi[a] as number));
    return first > last ? null : [first, last];
  };
  const columns = range(0);
  const rows = range(1);
  const slices = range(2);
  return columns && rows && slices ? { columns, rows, slices } : null;
}
