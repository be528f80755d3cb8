/**
 * The enhancement curve: per phase, the mean HU inside the lesion's ROI and the median HU of the
 * liver around it, the numbers a radiologist reads to call arterial enhancement and washout; and
 * where they go on a chart (the page's SVG and the PDF draw the same layout).
 */
import type { Phase } from '../labels';
import { linearScale, niceTicks, slotCentres } from './pdf-layout';

export interface EnhancementRow {
  readonly phase: Phase;
  /** Mean HU in the ROI, and its SD; null where it could not be read. */
  readonly lesion: number | null;
  readonly lesionSd: number | null;
  /** Median HU of the liver around the ROI (liver-ring.ts); null where there is no reliable liver reference. */
  readonly liver: number | null;
  /** Lesion minus liver: positive is hyperenhancing, negative hypo (washout in PV and DL). */
  readonly difference: number | null;
}

export function enhancementRows(
  phases: readonly {
    readonly phase: Phase;
    readonly lesionHu: { readonly mean: number; readonly sd: number } | null;
    readonly liverHu: { readonly median: number } | null;
  }[],
): EnhancementRow[] {
  return phases.map(({ phase, lesionHu, liverHu }) => {
    const lesion = lesionHu?.mean ?? null;
    const liver = liverHu?.median ?? null;
    return {
      phase,
      lesion,
      lesionSd: lesionHu?.sd ?? null,
      liver,
      difference: lesion === null || liver === null ? null : lesion - liver,
    };
  });
}

/** How the liver reference is made, for the page's caption and the PDF's note. */
export const LIVER_REFERENCE_METHOD =
  'median of the liver-like tissue connected to the ROI, in a ring from 1.2× to 2× its radius on the same slice';

/**
 * "No reliable liver reference on NC, ART …": the phases whose lesion HU could be read but whose
 * ring held too little liver to compare it to; null when every such phase has one.
 */
export function missingLiverReference(rows: readonly EnhancementRow[]): string | null {
  const phases = rows.filter((r) => r.lesion !== null && r.liver === null).map((r) => r.phase);
  return phases.length === 0
    ? null
    : `No reliable liver reference on ${phases.join(', ')}: too little liver connected to the ROI around it.`;
}

/** The plot's edges, px, on a surface whose y grows downwards (SVG, canvas, the PDF layout). */
export interface PlotArea {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

export interface ChartPoint {
  readonly x: number;
  readonly y: number;
  readonly value: number;
  readonly phase: Phase;
  /** The phase's place on the x axis: points in neighbouring slots are joined, a gap is not. */
  readonly slot: number;
}

export interface LesionPoint extends ChartPoint {
  /** Where mean + SD and mean − SD fall, when the chart was asked for the spread. */
  readonly spread: { readonly high: number; readonly low: number } | null;
}

export interface EnhancementChart {
  readonly ticks: readonly { readonly value: number; readonly y: number }[];
  readonly phases: readonly { readonly phase: Phase; readonly x: number }[];
  readonly lesion: readonly LesionPoint[];
  readonly liver: readonly ChartPoint[];
}

/**
 * Positions of the ticks, phases and both series; with `spread`, the axis also covers the
 * lesion's mean ± SD and each lesion point says where its whiskers end. Null with no value to plot.
 */
export function enhancementChart(
  rows: readonly EnhancementRow[],
  area: PlotArea,
  { maxTicks = 5, spread = false } = {},
): EnhancementChart | null {
  const sd = (r: EnhancementRow) => (spread ? (r.lesionSd ?? 0) : 0);
  const values = rows
    .flatMap((r) => [
      ...(r.lesion === null ? [] : [r.lesion - sd(r), r.lesion + sd(r)]),
      ...(r.liver === null ? [] : [r.liver]),
    ])
    .filter(Number.isFinite);
  if (values.length === 0) return null;
  const ticks = niceTicks(Math.min(...values), Math.max(...values), maxTicks);
  const y = linearScale([ticks.min, ticks.max], [area.bottom, area.top]);
  const xs = slotCentres(rows.length, area.left, area.right);
  const point = (r: EnhancementRow, slot: number, value: number): ChartPoint => ({
    x: xs[slot] ?? area.left,
    y: y(value),
    value,
    phase: r.phase,
    slot,
  });
  return {
    ticks: ticks.values.map((value) => ({ value, y: y(value) })),
    phases: rows.map((r, i) => ({ phase: r.phase, x: xs[i] ?? area.left })),
    lesion: rows.flatMap((r, slot) =>
      r.lesion === null
        ? []
        : [
            {
              ...point(r, slot, r.lesion),
              spread: spread ? { high: y(r.lesion + sd(r)), low: y(r.lesion - sd(r)) } : null,
            },
          ],
    ),
    liver: rows.flatMap((r, slot) => (r.liver === null ? [] : [point(r, slot, r.liver)])),
  };
}
