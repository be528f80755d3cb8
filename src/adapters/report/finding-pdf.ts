/**
 * The finding as a one-page A4 PDF a clinician can print or file: who and what was measured,
 * the ROI on every phase as the viewer showed it, the model's answer, the HU behind it, what the
 * model is, and that it is a research demo. Written from the same `Finding` as the JSON and the
 * DICOM SR, so the three never disagree. Standard fonts only: nothing to fetch or embed.
 */
import { PageSizes, PDFDocument, rgb, StandardFonts, type PDFImage } from 'pdf-lib';
import { PHASES, type Phase } from '../../core/labels';
import type { Finding, FindingModel, FindingPhase } from '../../core/report/finding';
import { fitInBox, formatDicomDate, formatPercent, formatTimestamp } from '../../core/report/pdf-layout';
import { Canvas, MUTED, RULE } from './pdf-canvas';
import { drawEnhancementCurve, drawHuTable, drawProbabilities } from './finding-pdf-charts';
import { sizeDescription } from '../../core/roi/lesion-size';

/** A phase viewport's screenshot with the ROI on it, as the page captured it. */
export interface FindingImage {
  readonly phase: Phase;
  readonly png: Uint8Array;
  /** The viewport's size: the picture is scaled to fit without distortion. */
  readonly width: number;
  readonly height: number;
}

export interface FindingImages {
  readonly phases: readonly FindingImage[];
}

const MARGIN = 36;
const GAP = 18;
const ROW_GAP = 2;
const WARNING = rgb(0.72, 0.1, 0.1);
const WARNING_FILL = rgb(1, 0.95, 0.94);

export async function findingPdf(finding: Finding, images: FindingImages): Promise<Uint8Array> {
  // Metadata is set from the finding below, not stamped with "now": the same finding gives the same file.
  const doc = await PDFDocument.create({ updateMetadata: false });
  const app = `${finding.app.name} ${finding.app.version}`;
  doc.setTitle(`Liver lesion finding ${finding.lesion.id} — ${finding.studyInstanceUid}`, {
    showInWindowTitleBar: true,
  });
  doc.setSubject(`Lesion ${finding.lesion.id}: predicted ${finding.classification.predicted}. ${finding.disclaimer}`);
  doc.setCreator(app);
  doc.setProducer(app);
  doc.setLanguage('en');
  const created = new Date(finding.createdAt);
  if (!Number.isNaN(created.getTime())) {
    doc.setCreationDate(created);
    doc.setModificationDate(created);
  }

  const page = doc.addPage(PageSizes.A4);
  const c = new Canvas(page, {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
  });
  const width = c.width - 2 * MARGIN;
  const footerTop = c.height - MARGIN + 6;
  const footer = `${finding.app.name} ${finding.app.version} · ${formatTimestamp(finding.createdAt)} · page 1 of 1`;
  c.text(footer, c.width / 2, footerTop, width, { size: 7, color: MUTED, align: 'center' });
  // The disclaimer is sized first: whatever comes before it gets only the room it leaves.
  const disclaimer = layoutDisclaimer(c, finding.disclaimer, width);
  let top = MARGIN;
  top += drawHeader(c, finding, top, width) + 12;
  top += (await drawPhaseImages(doc, c, finding, images, top, width)) + 12;

  const left = (width - GAP) * 0.47;
  const rightX = MARGIN + left + GAP;
  let leftTop = top + drawProbabilities(c, finding, MARGIN, top, left) + 10;
  leftTop += drawHuTable(c, finding.phases, MARGIN, leftTop, left);
  const resultsHeight = Math.max(leftTop - top, 200);
  drawEnhancementCurve(c, finding.phases, rightX, top, MARGIN + width - rightX, resultsHeight);
  top += resultsHeight + 12;

  top += drawModelCard(c, finding.model, top, width, footerTop - 8 - disclaimer.height - 14 - top) + 14;
  drawDisclaimer(c, disclaimer, top, width);
  return doc.save();
}

/** Title, study, patient, lesion, export time and app. Returns the height used. */
function drawHeader(c: Canvas, finding: Finding, top: number, width: number): number {
  const titleWidth = c.text('Liver lesion finding — research demo', MARGIN, top, width, { size: 16, bold: true });
  c.text('NOT FOR CLINICAL USE', MARGIN + width, top + 4, width - titleWidth - 12, {
    size: 8,
    bold: true,
    color: WARNING,
    align: 'right',
  });
  c.line(MARGIN, top + 22, MARGIN + width, top + 22, { color: MUTED, thickness: 1 });
  const study = finding.patientStudy;
  const studyText = [formatDicomDate(study.studyDate), study.studyDescription].filter((s) => s !== '').join(' · ');
  const { lesion } = finding;
  const lesionText = [
    lesion.id,
    `ROI drawn on ${lesion.sourcePhase}`,
    ...(lesion.userLabel === null ? [] : [`user label ${lesion.userLabel}`]),
  ].join(' · ');
  const rows: readonly (readonly [string, string])[][] = [
    [['Study UID', finding.studyInstanceUid]],
    [['Lesion size', lesion.size === null ? '–' : sizeDescription(lesion.size, lesion.size.phase)]],
    [
      ['Patient ID', study.patientId === '' ? '–' : study.patientId],
      ['Lesion', lesionText],
    ],
    [
      ['Study', studyText === '' ? '–' : studyText],
      ['Exported', formatTimestamp(finding.createdAt)],
    ],
    [
      ['App', `${finding.app.name} ${finding.app.version}`],
      ['Finding', `${finding.format} v${String(finding.formatVersion)}`],
    ],
  ];
  const labelWidth = 56;
  let y = top + 30;
  for (const row of rows) {
    const cellWidth = (width - GAP * (row.length - 1)) / row.length;
    row.forEach(([label, value], i) => {
      const x = MARGIN + i * (cellWidth + GAP);
      c.text(label, x, y, labelWidth - 4, { size: 8.5, bold: true, color: MUTED });
      c.text(value, x + labelWidth, y, cellWidth - labelWidth, { size: 8.5 });
    });
    y += 12.5;
  }
  return y - top;
}

/** Embeds a screenshot; a broken one costs its picture, not the whole report. */
async function embed(doc: PDFDocument, png: Uint8Array): Promise<PDFImage | null> {
  try {
    return await doc.embedPng(png);
  } catch {
    return null;
  }
}

/** The phase viewports side by side in acquisition order, each labelled. Returns the height used. */
async function drawPhaseImages(
  doc: PDFDocument,
  c: Canvas,
  finding: Finding,
  images: FindingImages,
  top: number,
  width: number,
): Promise<number> {
  const byPhase = new Map<Phase, FindingPhase>(finding.phases.map((p) => [p.phase, p]));
  const shown = PHASES.filter((p) => byPhase.has(p) || images.phases.some((i) => i.phase === p));
  const y = top + c.heading('Phases (ROI on each viewport)', MARGIN, top, width);
  if (shown.length === 0) {
    c.text('No phase has an ROI.', MARGIN, y, width, { size: 8.5, color: MUTED });
    return y + 12 - top;
  }
  const gap = 10;
  // Four slots always: a study with fewer phases keeps the same picture size, centred.
  const box = (width - gap * (PHASES.length - 1)) / PHASES.length;
  const rowWidth = shown.length * box + (shown.length - 1) * gap;
  const x0 = MARGIN + (width - rowWidth) / 2;
  const imageTop = y + 13;
  for (const [i, phase] of shown.entries()) {
    const x = x0 + i * (box + gap);
    const entry = byPhase.get(phase);
    const labelWidth = c.text(phase, x, y, box, { size: 9, bold: true });
    const origin = entry === undefined ? 'no ROI' : `ROI ${entry.roi.origin}`;
    c.text(` · ${origin}`, x + labelWidth, y, box - labelWidth, { size: 9, color: MUTED });
    c.rect(x, imageTop, box, box, { fill: rgb(0.05, 0.05, 0.06) });
    const image = images.phases.find((p) => p.phase === phase);
    const embedded = image === undefined ? null : await embed(doc, image.png);
    if (image !== undefined && embedded !== null) {
      c.image(embedded, fitInBox(image.width, image.height, { x, y: imageTop, width: box, height: box }));
    } else {
      const why = image === undefined ? 'no screenshot' : 'screenshot unreadable';
      c.text(why, x + box / 2, imageTop + box / 2 - 4, box - 8, { size: 8, color: RULE, align: 'center' });
    }
    c.rect(x, imageTop, box, box, { border: RULE, borderWidth: 0.5 });
    const key = entry?.keyImage;
    const slice =
      key === undefined
        ? ''
        : key === null
          ? 'centre off the series'
          : `image ${String(key.instanceNumber ?? key.sliceIndex + 1)}`;
    const caption = [entry?.seriesDescription ?? '', slice].filter((s) => s !== '').join(' · ');
    c.text(caption, x, imageTop + box + 3, box, { size: 7, color: MUTED });
  }
  return imageTop + box + 12 - top;
}

/** What the model is and what it was made from, in `room` points of height at most. Returns the height used. */
function drawModelCard(c: Canvas, model: FindingModel, top: number, width: number, room: number): number {
  const y = top + c.heading('Model', MARGIN, top, width);
  const accuracy =
    model.testAccuracy === undefined
      ? 'not reported'
      : `${formatPercent(model.testAccuracy)}${model.testSetSize === undefined ? '' : ` on ${String(model.testSetSize)} test lesions`}`;
  const half = (width - GAP) / 2;
  const labelWidth = 66;
  const lineHeight = 10.5;
  const style = { size: 8.5, lineHeight };
  const bottom = Math.max(y, top + room);
  /** Rows of [label, value, most lines the value may take]: a model card is a summary. */
  const column = (rows: readonly (readonly [string, string, number])[], x: number): number => {
    let rowTop = y;
    rows.forEach(([label, value, most], i) => {
      // Each row may take the lines the column has left, keeping one for every row after it.
      const reserved = (rows.length - 1 - i) * (lineHeight + ROW_GAP);
      const linesLeft = Math.min(most, Math.floor((bottom - rowTop - reserved) / lineHeight));
      if (linesLeft < 1) return;
      c.text(label, x, rowTop, labelWidth - 4, { size: 8.5, bold: true, color: MUTED });
      rowTop += c.paragraph(value, x + labelWidth, rowTop, half - labelWidth, { ...style, maxLines: linesLeft });
      rowTop += ROW_GAP;
    });
    return rowTop;
  };
  const left = column(
    [
      ['Model', model.id, 2],
      ['Version', model.version, 1],
      ['Input phases', model.inputPhases.join(', '), 1],
      ['Test accuracy', accuracy, 2],
    ],
    MARGIN,
  );
  const right = column(
    [
      ['Training data', model.trainingData, 6],
      ['Intended use', model.intendedUse, 3],
    ],
    MARGIN + half + GAP,
  );
  return Math.max(left, right) - top;
}

interface DisclaimerLayout {
  readonly lines: readonly string[];
  readonly height: number;
}

const DISCLAIMER_PADDING = 8;
const DISCLAIMER_STYLE = { size: 9.5, bold: true, lineHeight: 12, maxLines: 6 } as const;

function layoutDisclaimer(c: Canvas, disclaimer: string, width: number): DisclaimerLayout {
  const lines = c.lines(disclaimer, width - 2 * DISCLAIMER_PADDING, DISCLAIMER_STYLE);
  return { lines, height: 2 * DISCLAIMER_PADDING + 13 + lines.length * DISCLAIMER_STYLE.lineHeight };
}

/** The disclaimer, boxed in warning colours right under the content it qualifies. */
function drawDisclaimer(c: Canvas, layout: DisclaimerLayout, top: number, width: number): void {
  const inner = width - 2 * DISCLAIMER_PADDING;
  c.rect(MARGIN, top, width, layout.height, { fill: WARNING_FILL, border: WARNING, borderWidth: 1.25 });
  const x = MARGIN + DISCLAIMER_PADDING;
  c.text('DISCLAIMER', x, top + DISCLAIMER_PADDING, inner, { size: 8, bold: true, color: WARNING });
  layout.lines.forEach((line, i) => {
    c.text(line, x, top + DISCLAIMER_PADDING + 13 + i * DISCLAIMER_STYLE.lineHeight, inner, DISCLAIMER_STYLE);
  });
}
