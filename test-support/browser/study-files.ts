/**
 * Reading a generated study's files in Node, as the browser tests and the benchmarks compare the
 * page with them: its annotations, its series folders, and a Node read of its slices.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeHu } from '../../src/core/dicom/pixels';
import { huAt } from '../../src/core/dicom/slice-pixel';
import { patientMm } from '../../src/core/geometry';
import { readStudy } from '../../src/core/study/read-study';
import { slicePositions } from '../../src/core/viewer/slice-position';

export interface Annotations {
  readonly studyInstanceUid: string;
  readonly lesions: readonly { id: string; label: string; phase: string; center: number[]; radiusMm: number }[];
  readonly generator: { readonly seriesPhases: Record<string, string> };
}

export function readAnnotations(studyDir: string): Annotations {
  return JSON.parse(readFileSync(join(studyDir, 'annotations.json'), 'utf8')) as Annotations;
}

export function dicomFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.dcm'))
    .sort()
    .map((f) => join(dir, f));
}

/** Series folders of a generated study (one per phase), in name order. */
export function seriesDirs(studyDir: string): string[] {
  return readdirSync(studyDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => join(studyDir, e.name))
    .sort();
}

async function seriesOfPhase(studyDir: string, phase: string) {
  const sources = seriesDirs(studyDir).flatMap((dir) =>
    dicomFiles(dir).map((path) => ({ name: path, read: () => Promise.resolve(new Uint8Array(readFileSync(path))) })),
  );
  const series = (await readStudy(sources)).series.find((s) => s.assignment.phase === phase)?.series;
  if (series === undefined) throw new Error(`no ${phase} series in ${studyDir}`);
  return series;
}

/** The HU a Node read of the study finds at `point` on slice `index` of the given phase. */
export async function huInFile(
  studyDir: string,
  phase: string,
  index: number,
  point: number[],
): Promise<number | null> {
  const slice = (await seriesOfPhase(studyDir, phase)).slices[index];
  if (slice === undefined) throw new Error(`no ${phase} slice ${String(index)}`);
  const hu = decodeHu(new Uint8Array(readFileSync(slice.fileName)), slice);
  if (hu === null) throw new Error(`${slice.fileName}: pixels not readable`);
  return huAt(slice, hu, true, patientMm(point[0] ?? NaN, point[1] ?? NaN, point[2] ?? NaN));
}

/** Slice positions (mm along the normal) of one phase's series, in the viewer's order. */
export async function phasePositions(studyDir: string, phase: string): Promise<number[]> {
  return slicePositions(await seriesOfPhase(studyDir, phase));
}
