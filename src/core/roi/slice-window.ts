/**
 * The part of one slice around an ROI that a per-slice measurement reads (HU stats, the liver
 * reference, the lesion's size), and the connected pieces of a mask over it.
 */
import { patientToVoxel, type PatientMm, type VolumeGeometry } from '../geometry';

/** Inclusive column and row ranges, clipped to the slice, with `width × height` cells. */
export interface SliceWindow {
  readonly i0: number;
  readonly i1: number;
  readonly j0: number;
  readonly j1: number;
  readonly width: number;
  readonly height: number;
}

/** The pixels within `reachMm` of `center` in-plane, a pixel of slack each side; null off the slice. */
export function sliceWindow(geometry: VolumeGeometry, center: PatientMm, reachMm: number): SliceWindow | null {
  const [nx, ny] = geometry.dimensions;
  const c = patientToVoxel(geometry, center);
  const i0 = Math.max(0, Math.floor(c[0] - reachMm / geometry.spacing[0]) - 1);
  const i1 = Math.min(nx - 1, Math.ceil(c[0] + reachMm / geometry.spacing[0]) + 1);
  const j0 = Math.max(0, Math.floor(c[1] - reachMm / geometry.spacing[1]) - 1);
  const j1 = Math.min(ny - 1, Math.ceil(c[1] + reachMm / geometry.spacing[1]) + 1);
  if (i1 < i0 || j1 < j0) return null;
  return { i0, i1, j0, j1, width: i1 - i0 + 1, height: j1 - j0 + 1 };
}

/**
 * The mean of the readable pixels in the 3×3 neighbourhood of (i, j) on a `columns × rows` slice
 * (NaN when none is): what the liver reference and the lesion boundary compare, so noise alone
 * does not cut a region into pieces.
 */
export function meanAround(hu: ArrayLike<number>, columns: number, rows: number, i: number, j: number): number {
  let sum = 0;
  let n = 0;
  for (let y = Math.max(0, j - 1); y <= Math.min(rows - 1, j + 1); y++) {
    for (let x = Math.max(0, i - 1); x <= Math.min(columns - 1, i + 1); x++) {
      const value = hu[y * columns + x] ?? Number.NaN;
      if (Number.isNaN(value)) continue;
      sum += value;
      n++;
    }
  }
  return n === 0 ? Number.NaN : sum / n;
}

/**
 * The 4-connected pieces of the cells where `inside` holds (cells numbered row by row over a
 * `width × height` grid), each started from a cell where `seed` holds: `piece[c]` is the piece's
 * first cell, -1 outside every piece.
 */
export function connectedPieces(
  width: number,
  height: number,
  inside: (c: number) => boolean,
  seed: (c: number) => boolean = () => true,
): { readonly pieces: number[][]; readonly piece: Int32Array } {
  const piece = new Int32Array(width * height).fill(-1);
  const pieces: number[][] = [];
  for (let start = 0; start < width * height; start++) {
    if (piece[start] !== -1 || !inside(start) || !seed(start)) continue;
    const members = [start];
    piece[start] = start;
    for (let m = 0; m < members.length; m++) {
      const c = members[m] ?? 0;
      const x = c % width;
      const y = Math.floor(c / width);
      for (const [q, ok] of [
        [c - 1, x > 0],
        [c + 1, x < width - 1],
        [c - width, y > 0],
        [c + width, y < height - 1],
      ] as const) {
        if (ok && piece[q] === -1 && inside(q)) {
          piece[q] = start;
          members.push(q);
        }
      }
    }
    pieces.push(members);
  }
  return { pieces, piece };
}
