/**
 * The liver around an ROI, the reference a radiologist compares the lesion's HU to. A plain ring
 * of soft tissue would take in whatever lies near the capsule (muscle, spleen, stomach, kidney),
 * so the ring is restricted to liver: on the slice through the ROI centre, in the band from 1.2×
 * its radius plus 2 mm (clear of the lesion's blurred margin) to 2× plus 6 mm, the pixels whose
 * 3×3 mean lies near the band's commonest soft-tissue HU (the liver, around a liver lesion),
 * connected to the ROI's side of the band. Only the largest connected piece counts, so an organ
 * of similar HU beyond a fat plane is left out; vessels and fat fall outside the HU band. The
 * median of what remains is the reference; with too little of it (under 40 mm², or a tenth of the
 * band: an ROI off the liver) there is none.
 */
import { dot, voxelIndex, voxelToPatient, type Vec3, type VolumeGeometry } from '../geometry';
import { median } from '../median';
import { roiRadiusMm, type Roi } from './roi';
import { connectedPieces, meanAround, sliceWindow } from './slice-window';

export const LIVER_RING = {
  innerScale: 1.2,
  innerPadMm: 2,
  outerScale: 2,
  outerPadMm: 6,
  /** Liver-like: a 3×3 mean within this of the band's commonest soft-tissue HU. */
  bandHu: 25,
  /** Where the liver is grown from: the band's first few mm outside the ROI. */
  seedDepthMm: 3,
  /** Less liver than this (mm² on the slice), or than this share of the band: no reliable reference. */
  minAreaMm2: 40,
  minShare: 0.1,
} as const;

export interface RingStats {
  readonly count: number;
  readonly median: number;
  readonly innerMm: number;
  readonly outerMm: number;
}

export interface LiverRing {
  /** Null: too little liver-like tissue connected to the ROI ("no reliable liver reference"). */
  readonly stats: RingStats | null;
  /** The pixels that count, as `j * columns + i` on the slice. */
  readonly pixels: readonly number[];
  readonly innerMm: number;
  readonly outerMm: number;
}

/** Most common HU between -40 and 280 (4 HU bins): the liver, in a band around a liver lesion. */
function softTissueMode(values: readonly number[]): number | null {
  const counts = new Uint32Array(80);
  let any = false;
  for (const v of values) {
    if (!(v >= -40 && v < 280)) continue;
    const bin = Math.floor((v + 40) / 4);
    counts[bin] = (counts[bin] ?? 0) + 1;
    any = true;
  }
  if (!any) return null;
  let mode = 0;
  for (let i = 1; i < counts.length; i++) if ((counts[i] ?? 0) > (counts[mode] ?? 0)) mode = i;
  return -40 + 4 * mode + 2;
}

/** The liver-like pixels of slice `k` (row-major HU on the series' grid) around `roi`. */
export function liverRing(
  geometry: VolumeGeometry,
  k: number,
  hu: ArrayLike<number>,
  roi: Roi,
  ring = LIVER_RING,
): LiverRing {
  const [nx, ny] = geometry.dimensions;
  const radius = roiRadiusMm(roi);
  const innerMm = radius * ring.innerScale + ring.innerPadMm;
  const outerMm = radius * ring.outerScale + ring.outerPadMm;
  const none: LiverRing = { stats: null, pixels: [], innerMm, outerMm };
  const box = sliceWindow(geometry, roi.center, outerMm);
  if (box === null) return none;
  const { i0, i1, j0, j1, width: w, height: h } = box;

  // Box cell → its in-plane distance from the ROI centre (NaN outside the band).
  const distance = new Float64Array(w * h).fill(Number.NaN);
  for (let j = j0; j <= j1; j++) {
    for (let i = i0; i <= i1; i++) {
      const p = voxelToPatient(geometry, voxelIndex(i, j, k));
      const d: Vec3 = [p[0] - roi.center[0], p[1] - roi.center[1], p[2] - roi.center[2]];
      // In-plane distance: the slice may sit a little off the ROI centre along the normal.
      const along = dot(d, geometry.sliceDirection);
      const r = Math.sqrt(Math.max(0, dot(d, d) - along * along));
      if (r >= innerMm && r <= outerMm) distance[(j - j0) * w + (i - i0)] = r;
    }
  }
  const smooth = new Float64Array(w * h).fill(Number.NaN);
  for (let b = 0; b < h; b++) {
    for (let a = 0; a < w; a++) {
      if (!Number.isNaN(distance[b * w + a] ?? Number.NaN)) smooth[b * w + a] = meanAround(hu, nx, ny, i0 + a, j0 + b);
    }
  }
  const nearSide: number[] = [];
  let band = 0;
  for (let c = 0; c < w * h; c++) {
    const r = distance[c] ?? Number.NaN;
    if (!Number.isNaN(r)) band++;
    if (r < (innerMm + outerMm) / 2) nearSide.push(smooth[c] ?? Number.NaN);
  }
  const liver = softTissueMode(nearSide);
  if (liver === null) return none;
  const liverLike = (c: number): boolean => Math.abs((smooth[c] ?? Number.NaN) - liver) < ring.bandHu;
  const seedReach = innerMm + Math.max(ring.seedDepthMm, 2 * Math.max(geometry.spacing[0], geometry.spacing[1]));

  // Connected pieces of liver-like band pixels that reach the ROI's side of the band: the largest.
  const { pieces } = connectedPieces(w, h, liverLike, (c) => (distance[c] ?? Infinity) < seedReach);
  const best = pieces.reduce<number[]>((a, b) => (b.length > a.length ? b : a), []);
  const pixels = best.map((c) => (j0 + Math.floor(c / w)) * nx + i0 + (c % w));
  const values = pixels.map((p) => hu[p] ?? Number.NaN).filter((v) => !Number.isNaN(v));
  const areaMm2 = values.length * geometry.spacing[0] * geometry.spacing[1];
  if (values.length === 0 || areaMm2 < ring.minAreaMm2 || values.length < ring.minShare * band)
    return { ...none, pixels };
  return { stats: { count: values.length, median: median(values), innerMm, outerMm }, pixels, innerMm, outerMm };
}
