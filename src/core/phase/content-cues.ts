/**
 * Phase from image content, for series whose headers say nothing: contrast raises the HU of
 * vessels and parenchyma in a fixed order (docs/phantom-specification.md; TotalSegmentator's phase predictor
 * reads the same signal from organ HU). Without segmentations we read it from the HU histogram of
 * the body: the median of soft tissue (mostly liver) rises NC < ART < DL < PV, the share of
 * strongly enhanced voxels (aorta, renal cortex > 200 HU) peaks in ART.
 */
import type { Phase } from '../labels';

export interface ContentStats {
  /** Median HU of voxels in the soft-tissue range [−20, 200]. */
  readonly softMedian: number;
  /** Share of body voxels (HU > −300) in [130, 450]: enhancing vessels and organs. */
  readonly warmFraction: number;
  /** Share of body voxels in [200, 450]: arterial blood, renal cortex in ART. */
  readonly hotFraction: number;
}

/** Statistics over the given slices' HU (pass a few slices from the middle of the series). */
export function contentStats(slices: readonly Float32Array[]): ContentStats {
  const histogram = new Uint32Array(221); // 1-HU bins over [−20, 200]
  let body = 0;
  let warm = 0;
  let hot = 0;
  let soft = 0;
  for (const hu of slices) {
    for (let i = 0; i < hu.length; i += 2) {
      const v = hu[i] as number;
      if (v <= -300) continue;
      body++;
      if (v >= 130 && v <= 450) {
        warm++;
        if (v >= 200) hot++;
      }
      if (v >= -20 && v <= 200) {
        histogram[Math.round(v) + 20] = (histogram[Math.round(v) + 20] as number) + 1;
        soft++;
      }
    }
  }
  let seen = 0;
  let median = Number.NaN;
  for (let b = 0; b < histogram.length; b++) {
    seen += histogram[b] as number;
    if (seen * 2 >= soft) {
      median = b - 20;
      break;
    }
  }
  return { softMedian: median, warmFraction: warm / Math.max(1, body), hotFraction: hot / Math.max(1, body) };
}

/** Typical soft-tissue medians per phase, for a series that has no other series to compare with. */
const SOFT_MEDIAN_PROTOTYPE: Readonly<Record<Phase, number>> = { NC: 48, ART: 62, PV: 100, DL: 82 };

/**
 * Assigns `candidates` (the phases still free) to the series with these stats. Several series are
 * ranked against each other; a lone series is matched to the nearest prototype.
 */
export function phasesFromContent(stats: readonly ContentStats[], candidates: readonly Phase[]): (Phase | null)[] {
  const result: (Phase | null)[] = stats.map(() => null);
  const free = new Set(candidates);
  const open = new Set(stats.map((_, i) => i));
  const take = (phase: Phase, pick: (a: number, b: number) => number): void => {
    if (!free.has(phase) || open.size === 0) return;
    const best = [...open].sort(pick)[0] as number;
    result[best] = phase;
    free.delete(phase);
    open.delete(best);
  };
  if (open.size >= 2) {
    const s = (i: number): ContentStats => stats[i] as ContentStats;
    take('NC', (a, b) => s(a).warmFraction - s(b).warmFraction);
    take('PV', (a, b) => s(b).softMedian - s(a).softMedian);
    take('ART', (a, b) => s(b).hotFraction - s(a).hotFraction);
    take('DL', (a, b) => s(b).softMedian - s(a).softMedian);
  }
  for (const index of open) {
    const { softMedian } = stats[index] as ContentStats;
    const nearest = [...free].sort(
      (a, b) => Math.abs(SOFT_MEDIAN_PROTOTYPE[a] - softMedian) - Math.abs(SOFT_MEDIAN_PROTOTYPE[b] - softMedian),
    )[0];
    if (nearest !== undefined) {
      result[index] = nearest;
      free.delete(nearest);
    }
  }
  return result;
}
