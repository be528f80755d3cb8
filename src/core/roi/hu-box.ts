/**
 * A series as a volume grid, and the part of it an alignment needs read into memory: the
 * browser keeps whole studies on disk and decodes only the slices around an ROI.
 */
import type { Series } from '../dicom/series';
import { patientMm, voxelToPatient, voxelIndex, type VolumeGeometry } from '../geometry';
import type { HuVolume } from './sampling';
import type { VoxelBox } from './voxel-box';

/** The series' voxel grid; null without position, orientation or spacing. */
export function seriesGeometry(series: Series): VolumeGeometry | null {
  const first = series.slices[0];
  const origin = first?.imagePositionPatient;
  const orientation = first?.imageOrientationPatient;
  const spacing = first?.pixelSpacing;
  if (first === undefined || origin === undefined || orientation === undefined || spacing === undefined) return null;
  if (series.normal === undefined) return null;
  return {
    dimensions: [first.columns, first.rows, series.slices.length],
    origin: patientMm(origin[0], origin[1], origin[2]),
    rowDirection: orientation[0],
    columnDirection: orientation[1],
    sliceDirection: series.normal,
    // PixelSpacing is [between rows, between columns]; i runs along a row, so it steps by the column spacing.
    spacing: [spacing[1], spacing[0], series.sliceSpacing ?? first.sliceThickness ?? 1],
  };
}

/** Copies `box` out of the slices `readSlice` decodes (HU, row-major); unreadable slices are NaN. */
export async function readHuBox(
  geometry: VolumeGeometry,
  box: VoxelBox,
  readSlice: (k: number) => Promise<ArrayLike<number> | null>,
): Promise<HuVolume> {
  const [i0, i1] = box.columns;
  const [j0, j1] = box.rows;
  const [k0, k1] = box.slices;
  const nx = i1 - i0 + 1;
  const ny = j1 - j0 + 1;
  const nz = k1 - k0 + 1;
  const columns = geometry.dimensions[0];
  const values = new Float32Array(nx * ny * nz).fill(Number.NaN);
  // Every slice asked for at once: a browser's file reads wait on its file system, and their
  // waits overlap instead of adding up.
  const slices = await Promise.all(Array.from({ length: nz }, (_, d) => readSlice(k0 + d)));
  for (let k = k0; k <= k1; k++) {
    const slice = slices[k - k0] ?? null;
    if (slice === null) continue;
    for (let j = j0; j <= j1; j++) {
      const rowStart = j * columns;
      const out = (k - k0) * nx * ny + (j - j0) * nx;
      // Typed rows are copied (and converted) natively: this runs on the page's thread while the
      // user waits, a million voxels per phase for a large ROI.
      if (isTypedRow(slice)) values.set(slice.subarray(rowStart + i0, rowStart + i1 + 1), out);
      else for (let i = i0; i <= i1; i++) values[out + i - i0] = slice[rowStart + i] ?? Number.NaN;
    }
  }
  return {
    geometry: { ...geometry, dimensions: [nx, ny, nz], origin: voxelToPatient(geometry, voxelIndex(i0, j0, k0)) },
    values,
  };
}

function isTypedRow(slice: ArrayLike<number>): slice is Float32Array | Int16Array {
  return slice instanceof Float32Array || slice instanceof Int16Array;
}
