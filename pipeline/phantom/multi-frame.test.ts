/**
 * Multi-frame CT as the generator writes it (Enhanced CT, Legacy Converted Enhanced CT) reads
 * exactly like the same study written one file per slice: the same images at the same places
 * with the same HU, the same series and phases, also with ART and PV as two acquisitions of one
 * series; and dciodvfy finds no error in either kind of file.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeCoreHu } from '../../src/core/dicom/pixels';
import { parseSliceMeta, type SliceMeta } from '../../src/core/dicom/slice-meta';
import { readStudy, type StudyRead } from '../../src/core/study/read-study';
import { dciodvfy } from '../../test-support/dciodvfy';
import { listFiles } from '../read-dicom';
import { generateStudies } from './generate';
import {
  ENHANCED_CT_IMAGE_STORAGE,
  LEGACY_CONVERTED_ENHANCED_CT_IMAGE_STORAGE,
  type MultiFrameKind,
} from './multi-frame';

const root = mkdtempSync(join(tmpdir(), 'multi-frame-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const SLICES = 7;

async function write(name: string, options: { multiFrame?: MultiFrameKind; oneSeries?: boolean }): Promise<string> {
  const outDir = join(root, name);
  await generateStudies({
    outDir,
    seed: 'multi-frame',
    classes: ['HCC'],
    plans: [['HCC']],
    size: 48,
    slices: SLICES,
    workers: 1,
    ...(options.multiFrame === undefined ? {} : { multiFrame: options.multiFrame }),
    ...(options.oneSeries === true ? { arterialAndPortalInOneSeries: true } : {}),
  });
  return join(outDir, 'study-0000');
}

async function read(dir: string): Promise<StudyRead> {
  const files = (await listFiles(dir)).filter((f) => f.endsWith('.dcm'));
  return readStudy(
    files.map((path) => ({
      name: relative(dir, path),
      read: () => Promise.resolve(new Uint8Array(readFileSync(path))),
    })),
  );
}

/** What a reader sees of a study: per series, its phase and its images' places and scaling. */
function summary(study: StudyRead) {
  return study.series.map(({ series, assignment }) => ({
    phase: assignment.phase,
    acquisition: series.acquisition,
    description: series.description,
    issues: series.issues,
    images: series.slices.map((s) => ({
      position: s.imagePositionPatient,
      orientation: s.imageOrientationPatient,
      spacing: s.pixelSpacing,
      thickness: s.sliceThickness,
      slope: s.rescaleSlope,
      intercept: s.rescaleIntercept,
      time: s.acquisitionTime,
      acquisitionNumber: s.acquisitionNumber,
    })),
  }));
}

async function hu(study: StudyRead, slice: SliceMeta): Promise<Float32Array> {
  const file = study.files.get(slice.fileName);
  if (file === undefined) throw new Error(`no file ${slice.fileName}`);
  return decodeCoreHu(await file.read(), slice);
}

describe.each([
  ['enhanced', ENHANCED_CT_IMAGE_STORAGE],
  ['legacy', LEGACY_CONVERTED_ENHANCED_CT_IMAGE_STORAGE],
] as const)('%s multi-frame CT', (kind, sopClass) => {
  it.each([false, true])('reads like one file per slice (ART and PV in one series: %s)', async (oneSeries) => {
    const single = await read(await write(`single-${String(oneSeries)}`, { oneSeries }));
    const multi = await read(await write(`${kind}-${String(oneSeries)}`, { multiFrame: kind, oneSeries }));
    expect(multi.skipped).toEqual([]);
    // NC, ART, PV, DL: four files, or with ART and PV in one series one file per acquisition.
    expect(multi.files.size).toBe(4);
    expect(summary(multi)).toEqual(summary(single));
    expect(multi.series.map((s) => s.assignment.phase).sort()).toEqual(['ART', 'DL', 'NC', 'PV']);
    for (const [index, entry] of multi.series.entries()) {
      const reference = single.series[index];
      expect(entry.series.slices.map((s) => s.frame).sort()).toEqual([...Array(SLICES).keys()]);
      for (const [k, slice] of entry.series.slices.entries()) {
        expect(slice.sopClassUid).toBe(sopClass);
        expect(slice.numberOfFrames).toBe(SLICES);
        expect(Array.from(await hu(multi, slice))).toEqual(
          Array.from(await hu(single, reference?.series.slices[k] as SliceMeta)),
        );
      }
    }
  });

  it('passes dciodvfy with no error', async () => {
    const dir = await write(`${kind}-valid`, { multiFrame: kind, oneSeries: true });
    const files = (await listFiles(dir)).filter((f) => f.endsWith('.dcm'));
    expect(files).toHaveLength(4);
    for (const path of files) {
      const { iod, errors } = dciodvfy(path);
      expect(iod).toBe(kind === 'enhanced' ? 'EnhancedCTImage' : 'LegacyConvertedEnhancedCTImage');
      expect(errors).toEqual([]);
    }
    const parsed = parseSliceMeta('f.dcm', new Uint8Array(readFileSync(files[0] as string)));
    expect(parsed.kind === 'slice' ? parsed.images.length : 0).toBe(SLICES);
  });
});
