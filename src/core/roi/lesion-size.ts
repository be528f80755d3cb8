/**
 * The lesion's size on one slice, RECIST-like: its longest diameter and the longest diameter
 * perpendicular to it, measured on the lesion's boundary inside the ROI rather than on the ROI's
 * outline. The boundary is the half-contrast line between the lesion's centre and the liver
 * around it (the liver reference): pixels inside the ROI whose 3×3 mean lies beyond halfway from
 * the liver's HU towards the centre's, connected to the centre. Where the lesion is too close to
 * the liver's HU to draw that line (or there is no liver reference), the ROI outline's axes are
 * given instead, and said to be.
 */
import { dot, voxelIndex, voxelToPatient, type Vec3, type VolumeGeometry } from '../geometry';
import { median } from '../median';
import { roiAxesMm, type ImagePlane, type Roi } from './roi';
import { connectedPieces, meanAround, sliceWindow } from './slice-window';

/** Below this lesion-to-liver difference (HU) no boundary is drawn: the outline is measured instead. */
export const MIN_CONTRAST_HU = 12;
/** The lesion's centre HU: the median inside this share of the ROI's half-axes. */
const CENTRE_SHARE = 0.4;

export interface LesionSize {
  readonly longMm: number;
  readonly shortMm: number;
  /** `boundary`: measured on the lesion; `outline`: the ROI's own axes (no boundary could be drawn). */
  readonly method: 'boundary' | 'outline';
}

/** "38 × 27 mm", whole mm. */
export function sizeText(size: LesionSize): string {
  return `${size.longMm.toFixed(0)} × ${size.shortMm.toFixed(0)} mm`;
}

/** "38 × 27 mm (lesion boundary on PV)": what the page, the PDF and the SR say of the size. */
export function sizeDescription(size: LesionSize, phase: string): string {
  return `${sizeText(size)} (${size.method === 'boundary' ? 'lesion boundary' : 'ROI outline, no lesion boundary found'} on ${phase})`;
}

type Point = readonly [number, number];

/** What a phase's reading says of the lesion: its size there, and the HU that say how well it shows. */
export interface MeasuredPhase<P extends string = string> {
  readonly phase: P;
  readonly size: LesionSize | null;
  readonly lesionHu: { readonly mean: number } | null;
  readonly liverHu: { readonly median: number } | null;
}

/**
 * The lesion's size to report: measured on its boundary on the phase where it stands out most
 * from the liver (as a radiologist measures on the phase that shows the lesion best); where no
 * phase gives a boundary, the outline's axes on the phase it was drawn on. Null when neither was read.
 */
export function reportedSize<P extends string>(
  phases: readonly MeasuredPhase<P>[],
  drawnOn: P,
): (LesionSize & { readonly phase: P }) | null {
  const contrast = (p: MeasuredPhase<P>): number =>
    p.lesionHu === null || p.liverHu === null ? 0 : Math.abs(p.lesionHu.mean - p.liverHu.median);
  const best = phases
    .filter((p) => p.size?.method === 'boundary')
    .reduce<MeasuredPhase<P> | null>((a, b) => (a === null || contrast(b) > contrast(a) ? b : a), null);
  const chosen = best ?? phases.find((p) => p.phase === drawnOn);
  return chosen?.size === undefined || chosen.size === null ? null : { ...chosen.size, phase: chosen.phase };
}

/**
 * Longest diameter and longest perpendicular diameter of a region given as in-plane pixel centres
 * (mm), each a `pixel`-wide square. The farthest pair lies on the region's edge, so only `edge`
 * (its pixels with a neighbour outside it; all of them by default) are paired.
 */
export function recistAxes(
  points: readonly Point[],
  pixel: number,
  edge: readonly Point[] = points,
): [long: number, short: number] {
  if (points.length === 0) return [0, 0];
  let best = 0;
  let axis: [number, number] = [1, 0];
  for (let a = 0; a < edge.length; a++) {
    const p = edge[a] as Point;
    for (let b = a + 1; b < edge.length; b++) {
      const q = edge[b] as Point;
      const d = Math.hypot(q[0] - p[0], q[1] - p[1]);
      if (d > best) {
        best = d;
        axis = [(q[0] - p[0]) / d, (q[1] - p[1]) / d];
      }
    }
  }
  // Perpendicular chords: the points grouped by their position along the long axis, one pixel apart.
  const across = new Map<number, [number, number]>();
  for (const [x, y] of points) {
    const along = Math.round((x * axis[0] + y * axis[1]) / pixel);
    const side = -x * axis[1] + y * axis[0];
    const seen = across.get(along);
    across.set(along, seen === undefined ? [side, side] : [Math.min(seen[0], side), Math.max(seen[1], side)]);
  }
  let short = 0;
  for (const [lo, hi] of across.values()) short = Math.max(short, hi - lo);
  return [best + pixel, short + pixel];
}

/**
 * The lesion's axes on slice `k` (row-major HU on the series' grid), inside `roi`, against the
 * liver's HU around it (`liverHu`, null when there is no reliable liver reference).
 */
export function lesionSize(
  geometry: VolumeGeometry,
  k: number,
  hu: ArrayLike<number>,
  roi: Roi,
  plane: ImagePlane,
  liverHu: number | null,
): LesionSize {
  const axes = roiAxesMm(roi);
  const outline: LesionSize = { longMm: axes.long, shortMm: axes.short, method: 'outline' };
  if (liverHu === null) return outline;
  const [nx, ny] = geometry.dimensions;
  const box = sliceWindow(geometry, roi.center, Math.max(roi.halfWidthMm, roi.halfHeightMm));
  if (box === null) return outline;
  const { i0, i1, j0, j1, width: w, height: h } = box;
  // Per box cell: in-plane coordinates (mm, along the ROI's axes) when inside the ROI.
  const inside = new Uint8Array(w * h);
  const u = new Float64Array(w * h);
  const v = new Float64Array(w * h);
  const central: number[] = [];
  const smoothed = new Float64Array(w * h).fill(Number.NaN);
  for (let j = j0; j <= j1; j++) {
    for (let i = i0; i <= i1; i++) {
      const p = voxelToPatient(geometry, voxelIndex(i, j, k));
      const d: Vec3 = [p[0] - roi.center[0], p[1] - roi.center[1], p[2] - roi.center[2]];
      const a = dot(d, plane.row);
      const b = dot(d, plane.column);
      const s = a / roi.halfWidthMm;
      const t = b / roi.halfHeightMm;
      const within = roi.shape === 'ellipse' ? s * s + t * t <= 1 : Math.abs(s) <= 1 && Math.abs(t) <= 1;
      if (!within) continue;
      const c = (j - j0) * w + (i - i0);
      inside[c] = 1;
      u[c] = a;
      v[c] = b;
      smoothed[c] = meanAround(hu, nx, ny, i, j);
      if (s * s + t * t <= CENTRE_SHARE * CENTRE_SHARE && !Number.isNaN(smoothed[c] ?? Number.NaN))
        central.push(smoothed[c] ?? 0);
    }
  }
  if (central.length === 0) return outline;
  const lesionHu = median(central);
  if (Math.abs(lesionHu - liverHu) < MIN_CONTRAST_HU) return outline;
  const threshold = (lesionHu + liverHu) / 2;
  const sign = Math.sign(lesionHu - liverHu);
  const lesionLike = (c: number): boolean => inside[c] === 1 && sign * ((smoothed[c] ?? Number.NaN) - threshold) > 0;

  // The lesion-like piece holding the most pixels near the centre.
  const nearCentre = (c: number): boolean => {
    const a = (u[c] ?? 0) / roi.halfWidthMm;
    const b = (v[c] ?? 0) / roi.halfHeightMm;
    return a * a + b * b <= CENTRE_SHARE * CENTRE_SHARE;
  };
  const { pieces, piece } = connectedPieces(w, h, lesionLike);
  let best: number[] = [];
  let bestCentral = 0;
  for (const members of pieces) {
    const count = members.filter(nearCentre).length;
    if (count > bestCentral) {
      best = members;
      bestCentral = count;
    }
  }
  if (best.length === 0) return outline;
  const pixel = Math.sqrt(geometry.spacing[0] * geometry.spacing[1]);
  const member = piece[best[0] ?? 0] ?? -1;
  const at = (c: number): Point => [u[c] ?? 0, v[c] ?? 0];
  const edge = best.filter((c) => {
    const x = c % w;
    const y = Math.floor(c / w);
    return (
      x === 0 || y === 0 || x === w - 1 || y === h - 1 || [c - 1, c + 1, c - w, c + w].some((q) => piece[q] !== member)
    );
  });
  const [longMm, shortMm] = recistAxes(best.map(at), pixel, edge.map(at));
  return { longMm, shortMm, method: 'boundary' };
}
