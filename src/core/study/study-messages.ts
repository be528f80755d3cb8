/**
 * What the user must be told about a folder once it is read: nothing usable, files skipped,
 * several studies, phases that differ in slice count or spacing, phases missing. Pure, so each
 * case is a unit test rather than a browser test.
 */
import { transferSyntax } from '../dicom/transfer-syntax';
import { describePlane, planeAngle, type Series } from '../dicom/series';
import { MODEL_PHASES, PHASES, type Phase } from '../labels';
import type { StudyRead, StudySeries } from './read-study';

export interface StudyMessage {
  readonly level: 'error' | 'warning' | 'info';
  readonly text: string;
}

/** The phases the classifier reads (docs/architecture.md: NC, ART and PV as the three input channels). */

/** The study shown when a folder holds several: the one with the most phase-assigned CT series. */
export function pickStudy(read: StudyRead): string | undefined {
  const counts = new Map<string, number>();
  for (const s of read.series) {
    const uid = s.series.studyInstanceUid;
    counts.set(uid, (counts.get(uid) ?? 0) + (s.assignment.phase === 'unknown' ? 0 : 1));
  }
  let best: string | undefined;
  for (const [uid, n] of counts) if (best === undefined || n > (counts.get(best) ?? 0)) best = uid;
  return best;
}

export function folderMessages(read: StudyRead, fileCount: number): StudyMessage[] {
  const messages: StudyMessage[] = [];
  if (read.series.length === 0) {
    messages.push({
      level: 'error',
      text:
        fileCount === 0
          ? 'The folder is empty.'
          : `No DICOM images in the ${String(fileCount)} file${fileCount === 1 ? '' : 's'} opened.`,
    });
  }
  if (read.skipped.length > 0) {
    const reasons = new Map<string, number>();
    for (const s of read.skipped) reasons.set(s.reason, (reasons.get(s.reason) ?? 0) + 1);
    const list = [...reasons].map(([reason, n]) => `${String(n)} ${reason}`).join('; ');
    const truncated = read.skipped.some((s) => /^(truncated|damaged)/.test(s.reason));
    messages.push({
      level: truncated ? 'warning' : 'info',
      text: `${String(read.skipped.length)} file${read.skipped.length === 1 ? '' : 's'} skipped: ${list}.`,
    });
  }
  const undecodable = new Map<string, number>();
  for (const s of read.series) {
    if (s.pixelProblem !== undefined) undecodable.set(s.pixelProblem, (undecodable.get(s.pixelProblem) ?? 0) + 1);
  }
  for (const [problem, n] of undecodable) {
    messages.push({
      level: 'info',
      text:
        `The pixels of ${String(n)} series cannot be decoded for classification: ${problem}. ` +
        'Their phase is read from the headers alone, and lesions on them cannot be classified.',
    });
  }
  const studies = new Set(read.series.map((s) => s.series.studyInstanceUid));
  if (studies.size > 1) {
    messages.push({
      level: 'warning',
      text: `This folder holds ${String(studies.size)} studies; one is shown at a time (choose in the series list).`,
    });
  }
  return messages;
}

/** Messages about the study on screen, given the series shown for each phase. */
export function phaseMessages(byPhase: Partial<Record<Phase, StudySeries>>): StudyMessage[] {
  const messages: StudyMessage[] = [];
  const shown = PHASES.flatMap((p) => {
    const s = byPhase[p];
    return s === undefined ? [] : [{ phase: p, series: s.series }];
  });
  if (shown.length === 0) {
    messages.push({ level: 'error', text: 'No CT series with a contrast phase in this study.' });
    return messages;
  }
  // Phases without a normal are not shown (geometryMessages says so): their spacing is unknown.
  const placed = shown.filter((s) => s.series.normal !== undefined);
  const counts = new Set(placed.map((s) => s.series.slices.length));
  const spacings = new Set(placed.map((s) => (s.series.sliceSpacing ?? 0).toFixed(2)));
  if (counts.size > 1 || spacings.size > 1) {
    const list = placed
      .map((s) => `${s.phase} ${String(s.series.slices.length)} × ${(s.series.sliceSpacing ?? 0).toFixed(2)} mm`)
      .join(', ');
    messages.push({
      level: 'info',
      text: `The phases differ in slice count or spacing (${list}); scrolling matches them by patient position.`,
    });
  }
  const frames = new Set(shown.map((s) => s.series.slices[0]?.frameOfReferenceUid ?? ''));
  if (frames.size > 1) {
    messages.push({
      level: 'warning',
      text: 'The phases have different frames of reference: positions are matched as if they were one, check ROIs on each phase.',
    });
  }
  messages.push(...geometryMessages(shown));
  const lossy = shown.filter((s) => transferSyntax(s.series.slices[0]?.transferSyntaxUid ?? '').lossy === true);
  if (lossy.length > 0) {
    const names = [...new Set(lossy.map((s) => transferSyntax(s.series.slices[0]?.transferSyntaxUid ?? '').name))];
    messages.push({
      level: 'info',
      text:
        `${lossy.map((s) => s.phase).join(', ')} ${lossy.length === 1 ? 'is' : 'are'} stored with lossy compression ` +
        `(${names.join(', ')}): HU may differ from the scanner's, and the model was trained on uncompressed CT.`,
    });
  }
  const missing = PHASES.filter((p) => byPhase[p] === undefined);
  if (missing.length > 0) {
    const blocking = MODEL_PHASES.filter((p) => byPhase[p] === undefined);
    messages.push({
      level: 'info',
      text:
        `No ${missing.join(', ')} series in this study.` +
        (blocking.length > 0
          ? ` Classification needs ${MODEL_PHASES.join(', ')}; ROIs can still be drawn and exported.`
          : ''),
    });
  }
  return messages;
}

/** Phases cut in planes further apart than this are not comparable slice by slice. */
const MAX_PHASE_ANGLE_DEGREES = 1;

/**
 * Scroll sync and ROI transfer match phases slice by slice along their normals: a phase without
 * a normal cannot be shown at all, and phases cut in different planes cannot be compared.
 */
function geometryMessages(shown: readonly { readonly phase: Phase; readonly series: Series }[]): StudyMessage[] {
  const messages: StudyMessage[] = [];
  const unplaced = shown.filter((s) => s.series.normal === undefined).map((s) => s.phase);
  if (unplaced.length > 0) {
    const one = unplaced.length === 1;
    messages.push({
      level: 'warning',
      text: `The ${unplaced.join(', ')} series ${one ? 'has' : 'have'} no usable slice positions or orientation: ${one ? 'it' : 'they'} cannot be shown.`,
    });
  }
  const placed = shown.flatMap((s) =>
    s.series.normal === undefined ? [] : [{ phase: s.phase, normal: s.series.normal }],
  );
  const apart = placed.some((a) => placed.some((b) => planeAngle(a.normal, b.normal) > MAX_PHASE_ANGLE_DEGREES));
  if (apart) {
    const list = placed.map((p) => `${p.phase} ${describePlane(p.normal)}`).join(', ');
    messages.push({
      level: 'warning',
      text: `The phases are not cut in the same plane (${list}): scrolling and ROI transfer between phases assume parallel slices, so check each ROI on every phase.`,
    });
  }
  return messages;
}
