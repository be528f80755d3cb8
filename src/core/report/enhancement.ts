/**
 * The enhancement curve: per phase, the mean HU inside the lesion's ROI and the median HU of the
 * liver around it, the numbers a radiologist reads to call arterial enhancement and washout; and
 * where they go on a small chart (the page's SVG and the PDF draw the same layout).
 */
import type { Phase } from '../labels';
import { linearScale, niceTicks, slotCentres } from './pdf-layout';

export interface EnhancementRow {
  readonly phase: Phase;
  /** Mean HU in the ROI; null where it could not be read. */
  readonly lesion: number | null;
  /** Median HU of the liver ring; null where the ring held no liver. */
  readonly liver: number | null;
  /** Lesion minus liver: positive is hyperenhancing, negative hypo (washout in PV and DL). */
  readonly difference: number | null;
}

export function enhancementRows(
  phases: readonly {
    readonly phase: Phase;
    readonly lesionHu: { readonly mean: number } | null;
    readonly liverHu: { readonly median: number } | null;
  }[],
): EnhancementRow[] {
  return phases.map(({ phase, lesionHu, liverHu }) => {
    const lesion = lesionHu?.mean ?? null;
    const liver = liverHu?.median ?? null;
    return { phase, lesion, liver, difference: lesion === null || liver === null ? null : lesion - liver };
  });
}

export interface ChartBox {
  readonly width: number;
  readonly height: number;
  /** Room for the y-axis labels, the phase names and breathing space, px. */
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
}

export interface EnhancementChart {
  readonly ticks: readonly { readonly value: number; readonly y: number }[];
  readonly phases: readonly { readonly phase: Phase; readonly x: number }[];
  readonly lesion: readonly ChartPoint[];
  readonly liver: readonly ChartPoint[];
}

/** Positions on a chart whose y grows downwards (SVG, canvas); null with no value to plot. */
export function enhancementChart(
  rows: readonly EnhancementRow[],
  box: ChartBox,
  maxTicks = 5,
): EnhancementChart | null {
  const values = rows.flatMap((r) => [r.lesion, r.liver]).filter((v): v is number => v !== null);
  if (values.length === 0) return null;
  const ticks = niceTicks(Math.min(...values), Math.max(...values), maxTicks);
  const y = linearScale([ticks.min, ticks.max], [box.height - box.bottom, box.top]);
  const xs = slotCentres(rows.length, box.left, box.width - box.right);
  const series = (pick: (r: EnhancementRow) => number | null): ChartPoint[] =>
    rows.flatMap((r, i) => {
      const value = pick(r);
      return value === null ? [] : [{ x: xs[i] ?? 0, y: y(value), value, phase: r.phase }];
    });
  return {
    ticks: ticks.values.map((value) => ({ value, y: y(value) })),
    phases: rows.map((r, i) => ({ phase: r.phase, x: xs[i] ?? 0 })),
    lesion: series((r) => r.lesion),
    liver: series((r) => r.liver),
  };
}
