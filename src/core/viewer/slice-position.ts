/**
 * Where each slice of a series lies along its normal, and which slice of another series shows a
 * given patient position: what scroll synchronisation between phases needs.
 */
import { dot, patientMm, type PatientMm, type Vec3 } from '../geometry';
import type { Series } from '../dicom/series';

/** Position of each slice along the series normal (mm), in the series' slice order. */
export function slicePositions(series: Series): number[] {
  const normal = series.normal;
  return series.slices.map((s, i) =>
    normal === undefined || s.imagePositionPatient === undefined ? i : dot(s.imagePositionPatient, normal),
  );
}

/** Index of the slice nearest to `position` (mm along the normal); positions sorted ascending. */
export function nearestSliceIndex(positions: readonly number[], position: number): number {
  let lo = 0;
  let hi = positions.length - 1;
  if (hi < 0) return -1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((positions[mid] as number) < position) lo = mid;
    else hi = mid;
  }
  const below = positions[lo] as number;
  const above = positions[hi] as number;
  return Math.abs(position - below) <= Math.abs(above - position) ? lo : hi;
}

/** The slice of `series` to show for a patient point, or -1 if it lies more than half a slice outside. */
export function sliceForPoint(series: Series, positions: readonly number[], point: PatientMm): number {
  if (series.normal === undefined) return -1;
  const along = dot(point, series.normal);
  const index = nearestSliceIndex(positions, along);
  const half = (series.sliceSpacing ?? 0) / 2;
  const first = positions[0];
  const last = positions[positions.length - 1];
  if (first === undefined || last === undefined || along < first - half || along > last + half) return -1;
  return index;
}

/** The patient point on slice `index` closest to `point` (the same in-plane position). */
export function pointOnSlice(normal: Vec3, positions: readonly number[], index: number, point: PatientMm): PatientMm {
  const target = positions[index];
  if (target === undefined) return point;
  const offset = target - dot(point, normal);
  return patientMm(point[0] + normal[0] * offset, point[1] + normal[1] * offset, point[2] + normal[2] * offset);
}

export interface SyncSide {
  readonly positions: readonly number[];
  readonly normal: Vec3;
  /** Where the selected lesion is on this phase: scrolling is kept relative to it. */
  readonly anchor?: PatientMm;
}

/**
 * The slice of `to` that matches slice `index` of `from`. Without anchors: the same patient
 * position. With anchors (a lesion seen at different positions because of breathing): the same
 * number of mm away from the slice each phase shows the lesion on, so the lesion's slices
 * coincide exactly rather than up to rounding.
 */
export function syncedSliceIndex(from: SyncSide, index: number, to: SyncSide): number {
  const here = from.positions[index];
  if (here === undefined) return -1;
  if (from.anchor === undefined || to.anchor === undefined) {
    // Positions run along each series' own normal; scaled by the cosine for tilted series.
    return nearestSliceIndex(to.positions, here * dot(from.normal, to.normal));
  }
  const fromBase = from.positions[nearestSliceIndex(from.positions, dot(from.anchor, from.normal))] ?? here;
  const toBase = to.positions[nearestSliceIndex(to.positions, dot(to.anchor, to.normal))] ?? 0;
  return nearestSliceIndex(to.positions, toBase + (here - fromBase));
}
