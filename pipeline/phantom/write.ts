import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PHASES, type Phase } from '../../src/core/labels';
import { seriesFiles, toStored, type PixelEncoding } from './dicom';
import { JPEG_LS_LOSSLESS, jpegLsEncoder } from './jpeg-ls';
import { multiFrameSeriesFile, type MultiFrameKind } from './multi-frame';
import { renderPhase, studyAnnotations, type PhantomStudy } from './study';

/** How the pixel data is written: native, or compressed losslessly with JPEG-LS. */
export type Compression = 'none' | 'jpeg-ls';

async function pixelEncoding(compression: Compression): Promise<PixelEncoding | undefined> {
  if (compression === 'none') return undefined;
  return { transferSyntaxUid: JPEG_LS_LOSSLESS, encode: await jpegLsEncoder() };
}

/**
 * Renders and writes the series of `phases` (one sub-folder per series): one file per slice, or
 * with `multiFrame` one multi-frame file per series (native pixels). Returns the file count.
 */
export async function writePhases(
  study: PhantomStudy,
  outDir: string,
  phases: readonly Phase[],
  compression: Compression = 'none',
  multiFrame?: MultiFrameKind,
): Promise<number> {
  if (multiFrame !== undefined && compression !== 'none') {
    throw new Error('multi-frame files are written with native pixels only');
  }
  const studyDir = join(outDir, study.name);
  const encoding = await pixelEncoding(compression);
  let files = 0;
  for (const series of study.series.filter((s) => phases.includes(s.phase))) {
    const stored = toStored(renderPhase(study, series.phase), study.header.rescaleIntercept);
    const seriesDir = join(studyDir, `S${String(series.seriesNumber).padStart(2, '0')}`);
    await mkdir(seriesDir, { recursive: true });
    if (multiFrame !== undefined) {
      const [name, bytes] = multiFrameSeriesFile(study.header, series, study.grid, stored, multiFrame);
      await writeFile(join(seriesDir, name), bytes);
      files++;
      continue;
    }
    for (const [name, bytes] of seriesFiles(study.header, series, study.grid, stored, encoding)) {
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
