/**
 * "Export finding": one lesion as three local files — the finding as JSON, a one-page PDF and a
 * DICOM Comprehensive SR (TID 1500) — all written from the same `Finding`, in the page.
 */
import type { ViewerEngine } from '../../adapters/cornerstone';
import { type BrowserFileSource, downloadBlob } from '../../adapters/files';
import type { FindingImage } from '../../adapters/report';
import { readPatientStudy } from '../../core/dicom/patient-study';
import type { ModelManifest } from '../../core/model/manifest';
import { buildFinding } from '../../core/report/build-finding';
import type { Finding, FindingPatientStudy } from '../../core/report/finding';
import type { Lesion } from '../../core/roi/lesion';
import type { PhaseReading } from './phase-readings';
import { nextRender, phaseScreenshot } from './screenshot';

export interface ExportRequest {
  readonly engine: ViewerEngine;
  readonly studyInstanceUid: string;
  readonly lesion: Lesion;
  readonly readings: readonly PhaseReading[];
  readonly probabilities: readonly number[];
  readonly backend: string;
  readonly inferenceMs: number;
  readonly manifest: ModelManifest;
  readonly sources: ReadonlyMap<string, BrowserFileSource>;
  /** The explanation overlay of a phase, where it is shown: it goes into the screenshot. */
  readonly overlay: (phase: PhaseReading['phase']) => HTMLCanvasElement | null;
}

export interface ExportedFinding {
  readonly finding: Finding;
  readonly files: readonly { readonly name: string; readonly blob: Blob }[];
}

async function patientStudyOf(request: ExportRequest): Promise<FindingPatientStudy> {
  const slice = request.readings.find((r) => r.slice !== null)?.slice;
  const file = slice === undefined || slice === null ? undefined : request.sources.get(slice.fileName);
  return readPatientStudy(file === undefined ? new Uint8Array() : await file.read());
}

/** Each phase scrolled to the slice through its ROI centre, then captured around the ROI. */
async function screenshots(request: ExportRequest): Promise<FindingImage[]> {
  const images: FindingImage[] = [];
  for (const reading of request.readings) {
    if (reading.sliceIndex === null) continue;
    const rendered = nextRender(request.engine, reading.phase);
    await request.engine.scrollTo(reading.phase, reading.sliceIndex);
    await rendered;
    const image = await phaseScreenshot(
      request.engine,
      reading.phase,
      reading.entry.roi,
      reading.plane,
      request.overlay(reading.phase),
    );
    if (image !== null) images.push(image);
  }
  return images;
}

export async function exportFinding(
  request: ExportRequest,
  app: { name: string; version: string },
): Promise<ExportedFinding> {
  const finding = buildFinding({
    createdAt: new Date(),
    app,
    studyInstanceUid: request.studyInstanceUid,
    patientStudy: await patientStudyOf(request),
    lesion: request.lesion,
    phases: request.readings,
    probabilities: request.probabilities,
    backend: request.backend,
    inferenceMs: request.inferenceMs,
    manifest: request.manifest,
  });
  // The writers (pdf-lib, dcmjs) load on the first export, not with the page.
  const [{ findingPdf }, { writeFindingSr }] = await Promise.all([
    import('../../adapters/report/finding-pdf'),
    import('../../adapters/report/dicom-sr'),
  ]);
  const pdf = await findingPdf(finding, { phases: await screenshots(request) });
  const sr = writeFindingSr(finding);
  const base = `finding-${request.lesion.id}`;
  return {
    finding,
    files: [
      { name: `${base}.json`, blob: new Blob([JSON.stringify(finding, null, 2)], { type: 'application/json' }) },
      { name: `${base}.pdf`, blob: new Blob([pdf.slice()], { type: 'application/pdf' }) },
      { name: `${base}.dcm`, blob: new Blob([sr.slice()], { type: 'application/dicom' }) },
    ],
  };
}

export function saveFiles(exported: ExportedFinding): void {
  for (const file of exported.files) downloadBlob(file.name, file.blob);
}
