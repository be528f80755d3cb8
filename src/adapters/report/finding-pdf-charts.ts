/**
 * The finding's numbers as the printed page shows them: the model's probabilities as bars, the
 * HU per phase as a table and as an enhancement curve (lesion against the liver around it, the
 * comparison a reader makes when telling the classes apart).
 */
import { rgb } from 'pdf-lib';
import {
  enhancementChart,
  enhancementRows,
  LIVER_REFERENCE_METHOD,
  missingLiverReference,
  type ChartPoint,
} from '../../core/report/enhancement';
import type { Finding, FindingPhase } from '../../core/report/finding';
import { formatHu, formatPercent, formatSignedHu } from '../../core/report/pdf-layout';
import { INK, MUTED, RULE, type Canvas } from './pdf-canvas';

const ACCENT = rgb(0.11, 0.36, 0.74);
const BAR = rgb(0.62, 0.68, 0.76);
const TRACK = rgb(0.95, 0.96, 0.97);
const HIGHLIGHT = rgb(0.88, 0.93, 1);
const LESION = ACCENT;
const LIVER = rgb(0.86, 0.42, 0.06);
const HEADER_FILL = rgb(0.93, 0.94, 0.96);
/** Shown where a phase has no value: an empty cell reads as a rendering fault. */
const NONE = '–';

/** Bars of the model's probabilities, the predicted class highlighted. Returns the height used. */
export function drawProbabilities(
  c: Canvas,
  finding: Pick<Finding, 'classification' | 'lesion'>,
  x: number,
  top: number,
  width: number,
): number {
  const { classification } = finding;
  let y = top + c.heading('Classification', x, top, width);
  const row = 15;
  const labelWidth = 38;
  const percentWidth = 40;
  const barX = x + labelWidth;
  const barWidth = width - labelWidth - percentWidth - 4;
  classification.classes.forEach((name, i) => {
    const p = classification.probabilities[i];
    const predicted = name === classification.predicted;
    const style = { size: 8.5, bold: predicted };
    if (predicted) c.rect(x, y - 3, width, row - 1, { fill: HIGHLIGHT });
    c.text(name, x + 3, y, labelWidth - 5, style);
    c.rect(barX, y - 1, barWidth, 8, { fill: TRACK, border: RULE, borderWidth: 0.5 });
    const share = p === undefined ? 0 : Math.min(1, Math.max(0, p));
    if (share > 0) c.rect(barX, y - 1, barWidth * share, 8, { fill: predicted ? ACCENT : BAR });
    c.text(p === undefined ? NONE : formatPercent(p), x + width - 3, y, percentWidth, { ...style, align: 'right' });
    y += row;
  });
  y += 3;
  const index = classification.classes.indexOf(classification.predicted);
  const p = classification.probabilities[index];
  const predicted = `Predicted: ${classification.predicted}${p === undefined ? '' : ` (${formatPercent(p)})`}`;
  const labelled = finding.lesion.userLabel === null ? '' : ` · user label ${finding.lesion.userLabel}`;
  c.text(predicted + labelled, x, y, width, { size: 8.5, bold: true });
  y += 12;
  const ms = classification.inferenceMs;
  const inference = `${ms < 10 ? ms.toFixed(1) : String(Math.round(ms))} ms`;
  c.text(`Backend: ${classification.backend} · inference ${inference}`, x, y, width, { size: 8, color: MUTED });
  return y + 11 - top;
}

/** The lesion's HU against the liver's, phase by phase. Returns the height used. */
export function drawHuTable(c: Canvas, phases: readonly FindingPhase[], x: number, top: number, width: number): number {
  let y = top + c.heading('HU per phase', x, top, width);
  const columns = [
    { title: 'Phase', share: 0.16 },
    { title: 'Lesion mean ± SD', share: 0.32 },
    { title: 'Liver median', share: 0.26 },
    { title: 'Lesion – liver', share: 0.26 },
  ];
  const rights = columns.map((_, i) => x + width * columns.slice(0, i + 1).reduce((s, col) => s + col.share, 0));
  const row = (cells: readonly string[], bold: boolean): void => {
    cells.forEach((cell, i) => {
      const right = rights[i] ?? x + width;
      const cellWidth = width * (columns[i]?.share ?? 0) - 6;
      // The phase reads as a label, the numbers line up on their last digit.
      if (i === 0) c.text(cell, x + 3, y, cellWidth, { size: 8, bold: true });
      else c.text(cell, right - 3, y, cellWidth, { size: 8, bold, align: 'right' });
    });
  };
  c.rect(x, y - 3, width, 13, { fill: HEADER_FILL });
  row(
    columns.map((col) => col.title),
    true,
  );
  y += 13;
  const rows = enhancementRows(phases);
  for (const r of rows) {
    row(
      [
        r.phase,
        r.lesion === null ? NONE : `${formatHu(r.lesion)} ± ${formatHu(r.lesionSd ?? 0)}`,
        r.liver === null ? NONE : formatHu(r.liver),
        r.difference === null ? NONE : formatSignedHu(r.difference),
      ],
      false,
    );
    c.line(x, y + 9, x + width, y + 9, { thickness: 0.4 });
    y += 12;
  }
  const ring = phases.find((p) => p.liverHu !== null)?.liverHu;
  const missing = missingLiverReference(rows);
  if ((ring !== undefined && ring !== null) || missing !== null) {
    y += 2;
    const note = [
      "HU on each phase's key image. Lesion: mean in the ROI.",
      ring === undefined || ring === null
        ? ''
        : `Liver: ${LIVER_REFERENCE_METHOD} (${ring.innerMm.toFixed(1)}–${ring.outerMm.toFixed(1)} mm from its centre).`,
      missing ?? '',
    ]
      .filter((t) => t !== '')
      .join(' ');
    y += c.paragraph(note, x, y, width, { size: 7, color: MUTED, maxLines: 3, lineHeight: 9 });
  }
  return y - top;
}

/** Joins points of neighbouring phases; a phase without a value leaves a gap. */
function connect(c: Canvas, points: readonly ChartPoint[], style: Parameters<Canvas['line']>[4]): void {
  points.slice(1).forEach((point, i) => {
    const previous = points[i];
    if (previous === undefined || point.slot !== previous.slot + 1) return;
    c.line(previous.x, previous.y, point.x, point.y, style);
  });
}

/** Lesion mean HU (± SD) and liver ring median HU across the phases, in the box given. */
export function drawEnhancementCurve(
  c: Canvas,
  phases: readonly FindingPhase[],
  x: number,
  top: number,
  width: number,
  height: number,
): void {
  const legendTop = top + c.heading('Enhancement curve', x, top, width);
  c.line(x + 4, legendTop + 3.5, x + 22, legendTop + 3.5, { color: LESION, thickness: 1.5 });
  c.circle(x + 13, legendTop + 3.5, 2.5, { fill: LESION });
  const lesionLegend = c.text('Lesion mean ± SD', x + 27, legendTop, width / 2 - 30, { size: 7.5 });
  const liverX = x + 27 + lesionLegend + 14;
  c.line(liverX, legendTop + 3.5, liverX + 18, legendTop + 3.5, { color: LIVER, thickness: 1.5, dash: [3, 2] });
  c.rect(liverX + 6.5, legendTop + 1, 5, 5, { fill: LIVER });
  c.text('Liver ring median', liverX + 23, legendTop, x + width - liverX - 23, { size: 7.5 });

  const plotTop = legendTop + 26;
  const plotBottom = top + height - 14;
  const plotLeft = x + 32;
  const plotRight = x + width - 6;
  const chart = enhancementChart(
    enhancementRows(phases),
    { left: plotLeft, right: plotRight, top: plotTop, bottom: plotBottom },
    { maxTicks: 6, spread: true },
  );
  if (chart === null) {
    c.rect(plotLeft, plotTop, plotRight - plotLeft, plotBottom - plotTop, { border: RULE });
    const middle = (plotTop + plotBottom) / 2 - 4;
    c.text('No HU measured', (plotLeft + plotRight) / 2, middle, plotRight - plotLeft - 8, {
      size: 8,
      color: MUTED,
      align: 'center',
    });
    return;
  }
  c.text('HU', plotLeft - 4, plotTop - 14, 28, { size: 7, bold: true, color: MUTED, align: 'right' });
  for (const { value, y } of chart.ticks) {
    c.line(plotLeft, y, plotRight, y, { color: rgb(0.9, 0.91, 0.93), thickness: 0.5 });
    c.line(plotLeft - 3, y, plotLeft, y, { color: MUTED, thickness: 0.5 });
    c.text(String(value), plotLeft - 5, y - 2.6, 28, { size: 7, color: MUTED, align: 'right' });
  }
  c.line(plotLeft, plotTop, plotLeft, plotBottom, { color: MUTED, thickness: 0.75 });
  c.line(plotLeft, plotBottom, plotRight, plotBottom, { color: MUTED, thickness: 0.75 });

  for (const { phase, x: cx } of chart.phases) {
    c.line(cx, plotBottom, cx, plotBottom + 3, { color: MUTED, thickness: 0.5 });
    c.text(phase, cx, plotBottom + 5, (plotRight - plotLeft) / chart.phases.length, {
      size: 8,
      bold: true,
      align: 'center',
    });
  }
  connect(c, chart.liver, { color: LIVER, thickness: 1.5, dash: [3, 2] });
  for (const p of chart.liver) c.rect(p.x - 2.5, p.y - 2.5, 5, 5, { fill: LIVER });
  connect(c, chart.lesion, { color: LESION, thickness: 1.5 });
  for (const p of chart.lesion) {
    if (p.spread !== null) {
      const { high, low } = p.spread;
      c.line(p.x, high, p.x, low, { color: LESION, thickness: 0.75 });
      c.line(p.x - 3, high, p.x + 3, high, { color: LESION, thickness: 0.75 });
      c.line(p.x - 3, low, p.x + 3, low, { color: LESION, thickness: 0.75 });
    }
    c.circle(p.x, p.y, 2.6, { fill: LESION, border: INK });
  }
}
