import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PHASES, type Phase } from '../../src/core/labels';
import { seriesFiles, toStored } from './dicom';
import { renderPhase, studyAnnotations, type PhantomStudy } from './study';

/** Renders and writes the series of `phases` (one sub-folder per series). Returns the file count. */
export async function writePhases(study: PhantomStudy, outDir: string, phases: readonly Phase[]): Promise<number> {
  const studyDir = join(outDir, study.name);
  let files = 0;
  for (const series of study.series.filter((s) => phases.includes(s.phase))) {
    const stored = toStored(renderPhase(study, series.phase), study.header.rescaleIntercept);
    const seriesDir = join(studyDir, `S${String(series.seriesNumber).padStart(2, '0')}`);
    await mkdir(seriesDir, { recursive: true });
    for (const [name, bytes] of seriesFiles(study.header, series, study.grid, stored)) {
      await writeFile(join(seriesDir, name), bytes);
      files++;
    }
  }
  return files;
}

export async function writeAnnotations(study: PhantomStudy, outDir: string): Promise<void> {
  const studyDir = join(outDir, study.name);
  await mkdir(studyDir, { recursive: true });
  await writeFile(join(studyDir, 'annotations.json'), `${JSON.stringify(studyAnnotations(study), null, 2)}\n`);
}

/** Writes a whole study folder in this thread. Returns the number of DICOM files. */
export async function writeStudy(study: PhantomStudy, outDir: string): Promise<number> {
  await writeAnnotations(study, outDir);
  return writePhases(study, outDir, PHASES);
}
