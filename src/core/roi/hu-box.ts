/**
 * A series as a volume grid, and the part of it an alignment needs read into memory: the
 * browser keeps whole studies on disk and decodes only the slices around an ROI.
 */
import type { Series } from '../dicom/series';
import { patientMm, voxelToPatient, voxelIndex, type VolumeGeometry } from '../geometry';
import type { HuVolume } from './sampling';
import type { VoxelBox } from './voxel-box';

/** Voxels averaged into one along a row and down a column ([1, 1]: as stored). */
export type InPlaneBins = readonly [number, number];

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

/**
 * Copies `box` out of the slices `readSlice` decodes (HU, row-major); unreadable slices are NaN.
 * With `bins`, each block of bins[0] × bins[1] voxels of a slice becomes their mean (the box's
 * columns and rows must then hold whole blocks), and the volume's spacing grows to match.
 */
export async function readHuBox(
  geometry: VolumeGeometry,
  box: VoxelBox,
  readSlice: (k: number) => Promise<ArrayLike<number> | null>,
  bins: InPlaneBins = [1, 1],
): Promise<HuVolume> {
  const [k0, k1] = box.slices;
  // Every slice asked for at once: a browser's file reads wait on its file system, and their
  // waits overlap instead of adding up.
  const slices = await Promise.all(Array.from({ length: k1 - k0 + 1 }, (_, d) => readSlice(k0 + d)));
  return copyHuBox(geometry, box, (k) => slices[k - k0] ?? null, bins);
}

/** `readHuBox` for slices already in memory. */
export function copyHuBox(
  geometry: VolumeGeometry,
  box: VoxelBox,
  slice: (k: number) => ArrayLike<number> | null,
  bins: InPlaneBins = [1, 1],
): HuVolume {
  const [i0, i1] = box.columns;
  const [j0, j1] = box.rows;
  const [k0, k1] = box.slices;
  const [bi, bj] = bins;
  if ((i1 - i0 + 1) % bi !== 0 || (j1 - j0 + 1) % bj !== 0)
    throw new Error(`a box of ${i1 - i0 + 1} × ${j1 - j0 + 1} voxels does not hold whole ${bi} × ${bj} blocks`);
  const nx = (i1 - i0 + 1) / bi;
  const ny = (j1 - j0 + 1) / bj;
  const nz = k1 - k0 + 1;
  const columns = geometry.dimensions[0];
  const values = new Float32Array(nx * ny * nz).fill(Number.NaN);
  for (let k = k0; k <= k1; k++) {
    const data = slice(k);
    if (data === null) continue;
    const plane = (k - k0) * nx * ny;
    if (bi === 1 && bj === 1) copyRows(data, values, plane, columns, box);
    else averageBlocks(data, values, plane, columns, box, bins);
  }
  const spacing = geometry.spacing;
  return {
    geometry: {
      ...geometry,
      dimensions: [nx, ny, nz],
      // A block's value stands at its centre.
      origin: voxelToPatient(geometry, voxelIndex(i0 + (bi - 1) / 2, j0 + (bj - 1) / 2, k0)),
      spacing: [spacing[0] * bi, spacing[1] * bj, spacing[2]],
    },
    values,
  };
}

function copyRows(data: ArrayLike<number>, out: Float32Array, plane: number, columns: number, box: VoxelBox): void {
  const [i0, i1] = box.columns;
  const [j0, j1] = box.rows;
  const nx = i1 - i0 + 1;
  for (let j = j0; j <= j1; j++) {
    const rowStart = j * columns;
    const at = plane + (j - j0) * nx;
    // Typed rows are copied (and converted) natively: this runs on the page's thread while the
    // user waits.
    if (isTypedRow(data)) out.set(data.subarray(rowStart + i0, rowStart + i1 + 1), at);
    else for (let i = i0; i <= i1; i++) out[at + i - i0] = data[rowStart + i] ?? Number.NaN;
  }
}

function averageBlocks(
  data: ArrayLike<number>,
  out: Float32Array,
  plane: number,
  columns: number,
  box: VoxelBox,
  [bi, bj]: InPlaneBins,
): void {
  const [i0, i1] = box.columns;
  const [j0, j1] = box.rows;
  const width = i1 - i0 + 1;
  const nx = width / bi;
  // The rows of a block are summed first, in memory order, then each run of bi sums: the page
  // does this on its thread while the user waits, for every voxel around the ROI.
  const rows = new Float64Array(width);
  const row = isTypedRow(data) ? (j: number) => data.subarray(j * columns + i0, j * columns + i1 + 1) : null;
  for (let j = j0; j <= j1; j += bj) {
    rows.fill(0);
    for (let dj = 0; dj < bj; dj++) {
      const typed = row?.(j + dj);
      if (typed !== undefined) for (let i = 0; i < width; i++) rows[i] = (rows[i] as number) + (typed[i] as number);
      else
        for (let i = 0, at = (j + dj) * columns + i0; i < width; i++)
          rows[i] = (rows[i] as number) + (data[at + i] ?? NaN);
    }
    const at = plane + ((j - j0) / bj) * nx;
    for (let b = 0, i = 0; b < nx; b++) {
      let sum = 0;
      for (let di = 0; di < bi; di++, i++) sum += rows[i] as number;
      out[at + b] = sum / (bi * bj);
    }
  }
}

function isTypedRow(slice: ArrayLike<number>): slice is Float32Array | Int16Array {
  return slice instanceof Float32Array || slice instanceof Int16Array;
}
