/**
 * Which slices to decode ahead of an ROI: those an ROI drawn where each phase is looking now
 * would read to be aligned and cropped, nearest first and the phases interleaved, so the first
 * ROI finds its slices decoded and a partial prefetch still covers its centre.
 */
import { dot } from '../geometry';
import type { Series } from '../dicom/series';
import { PHASE_ALIGN_OPTIONS } from './align';

/** A 40 mm ROI: most lesions drawn are smaller. */
const TYPICAL_ROI_RADIUS_MM = 20;

/** The alignment reads the radius, its context and the breathing search around the centre. */
export const PREFETCH_REACH_MM =
  TYPICAL_ROI_RADIUS_MM + (PHASE_ALIGN_OPTIONS.marginMm ?? 0) + (PHASE_ALIGN_OPTIONS.searchMm ?? 0);

export interface PrefetchSlice<K> {
  readonly key: K;
  readonly index: number;
}

/**
 * Slice indices of each series within `reachMm` of `positionMm` along its normal (where that
 * series' viewport is), ordered by distance, phases taking turns; capped at `maxSlices` in all.
 */
export function prefetchOrder<K>(
  views: readonly { readonly key: K; readonly series: Series; readonly positionMm: number }[],
  maxSlices: number,
  reachMm = PREFETCH_REACH_MM,
): PrefetchSlice<K>[] {
  const perView = views.map(({ key, series, positionMm }) => {
    const normal = series.normal;
    const near: { index: number; distance: number }[] = [];
    if (normal !== undefined) {
      series.slices.forEach((slice, index) => {
        if (slice.imagePositionPatient === undefined) return;
        const distance = Math.abs(dot(slice.imagePositionPatient, normal) - positionMm);
        if (distance <= reachMm) near.push({ index, distance });
      });
    }
    near.sort((a, b) => a.distance - b.distance);
    return { key, near };
  });
  const order: PrefetchSlice<K>[] = [];
  for (let rank = 0; order.length < maxSlices; rank++) {
    let any = false;
    for (const { key, near } of perView) {
      const slice = near[rank];
      if (slice === undefined) continue;
      any = true;
      if (order.length < maxSlices) order.push({ key, index: slice.index });
    }
    if (!any) break;
  }
  return order;
}
