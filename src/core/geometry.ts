/**
 * Coordinate spaces, kept apart by branded types so a voxel index can never be passed where a
 * patient position is expected.
 *
 * - `PatientMm`: DICOM patient coordinates (LPS: +x towards the patient's left, +y posterior,
 *   +z head), in millimetres.
 * - `VoxelIndex`: continuous (column i, row j, slice k) index into a volume; integers are voxel
 *   centres.
 * - `CanvasPx`: a point on a viewport's canvas, CSS pixels.
 */
declare const brand: unique symbol;
type Branded<T, B extends string> = T & { readonly [brand]: B };

export type Vec3 = readonly [number, number, number];
export type PatientMm = Branded<Vec3, 'PatientMm'>;
export type VoxelIndex = Branded<Vec3, 'VoxelIndex'>;

/** A point on a viewport's canvas, CSS pixels from its top-left corner. */
export type CanvasPx = Branded<readonly [number, number], 'CanvasPx'>;

export const canvasPx = (x: number, y: number): CanvasPx => [x, y] as unknown as CanvasPx;
export const patientMm = (x: number, y: number, z: number): PatientMm => [x, y, z] as unknown as PatientMm;
export const voxelIndex = (i: number, j: number, k: number): VoxelIndex => [i, j, k] as unknown as VoxelIndex;

/**
 * Where a regular grid of voxels sits in patient space. `rowDirection` is DICOM's first
 * ImageOrientationPatient vector (the direction of increasing column index i), `columnDirection`
 * the second (increasing row index j), `sliceDirection` the direction of increasing slice index k.
 * `spacing` is [along i, along j, along k] in mm.
 */
export interface VolumeGeometry {
  readonly dimensions: readonly [columns: number, rows: number, slices: number];
  readonly origin: PatientMm;
  readonly rowDirection: Vec3;
  readonly columnDirection: Vec3;
  readonly sliceDirection: Vec3;
  readonly spacing: Vec3;
}

export function voxelToPatient(geometry: VolumeGeometry, voxel: VoxelIndex): PatientMm {
  const { origin, rowDirection: r, columnDirection: c, sliceDirection: s, spacing } = geometry;
  const di = voxel[0] * spacing[0];
  const dj = voxel[1] * spacing[1];
  const dk = voxel[2] * spacing[2];
  return patientMm(
    origin[0] + r[0] * di + c[0] * dj + s[0] * dk,
    origin[1] + r[1] * di + c[1] * dj + s[1] * dk,
    origin[2] + r[2] * di + c[2] * dj + s[2] * dk,
  );
}

/** Inverse of `voxelToPatient`; assumes orthonormal direction vectors (true for CT volumes). */
export function patientToVoxel(geometry: VolumeGeometry, point: PatientMm): VoxelIndex {
  const { origin, rowDirection: r, columnDirection: c, sliceDirection: s, spacing } = geometry;
  const d = [point[0] - origin[0], point[1] - origin[1], point[2] - origin[2]] as const;
  return voxelIndex(dot(d, r) / spacing[0], dot(d, c) / spacing[1], dot(d, s) / spacing[2]);
}

export function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

export function normalize(v: Vec3): Vec3 {
  const n = Math.hypot(v[0], v[1], v[2]);
  return [v[0] / n, v[1] / n, v[2] / n];
}

export function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}
