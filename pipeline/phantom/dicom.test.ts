/**
 * Every written file is read back by two independent readers: dcmtk's dcmdump (a C++ toolkit)
 * and dicom-parser; the decoded pixels equal the intended HU exactly, for both rescale intercepts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dcmjs from 'dcmjs';
import { afterAll, describe, expect, it } from 'vitest';
import { PHASES } from '../../src/core/labels';
import { dciodvfy } from '../../test-support/dciodvfy';
import { decodeJpegLs } from '../../test-support/jpeg-ls-decode';
import { listFiles, readSlice } from '../read-dicom';
import { CT_IMAGE_STORAGE } from './dicom';
import { generateStudies } from './generate';
import { createStudy, renderPhase, type PhantomStudy } from './study';

const SIZE = 512;
const SLICES = 4;
const root = mkdtempSync(join(tmpdir(), 'phantom-dicom-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** The first study index of a seed whose rescale intercept is `intercept`. */
function indexWithIntercept(seed: string, intercept: number): number {
  for (let index = 0; index < 100; index++) {
    const study = createStudy({ seed, index, labels: ['HCC'], size: 16, slices: 2 });
    if (study.header.rescaleIntercept === intercept) return index;
  }
  throw new Error(`no study with intercept ${intercept}`);
}

async function writeOne(
  seed: string,
  index: number,
  outDir: string,
  workers: number,
  compression: 'none' | 'jpeg-ls' = 'none',
): Promise<PhantomStudy> {
  const { studies } = await generateStudies({
    compression,
    outDir,
    seed,
    classes: ['HCC'],
    plans: [['HCC', 'CYST']],
    firstIndex: index,
    size: SIZE,
    slices: SLICES,
    workers,
  });
  const study = studies[0];
  if (study === undefined) throw new Error('no study written');
  return study;
}

describe.each([-1024, 0])('DICOM files with RescaleIntercept %i', (intercept) => {
  const seed = 'dicom';
  const index = indexWithIntercept(seed, intercept);
  const dir = join(root, String(intercept));

  it('are valid CT Image Storage files to dcmdump, with the geometry and UIDs of the study', async () => {
    const study = await writeOne(seed, index, dir, 1);
    const files = await listFiles(join(dir, study.name));
    expect(files).toHaveLength(PHASES.length * SLICES);
    const dump = execFileSync('dcmdump', ['-q', ...files], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const perFile = dump.split('# Dicom-File-Format').slice(1);
    expect(perFile).toHaveLength(files.length);
    const tag = (text: string, group: string): string => {
      const line = text.split('\n').find((l) => l.startsWith(`(${group})`));
      if (line === undefined) throw new Error(`tag ${group} missing`);
      return line;
    };
    const frames = new Set<string>();
    const seriesUids = new Set<string>();
    for (const text of perFile) {
      expect(tag(text, '0008,0016')).toContain('=CTImageStorage');
      expect(tag(text, '0002,0010')).toContain('=LittleEndianExplicit');
      expect(tag(text, '0020,0037')).toContain('[1\\0\\0\\0\\1\\0]');
      expect(tag(text, '0028,0010')).toContain(`US ${SIZE}`);
      expect(tag(text, '0028,1052')).toContain(`[${intercept}]`);
      expect(tag(text, '0028,1053')).toContain('[1]');
      expect(tag(text, '0018,0050')).toContain(`[${study.grid.sliceSpacing}]`);
      expect(tag(text, '7fe0,0010')).toContain(`# ${SIZE * SIZE * 2}, 1 PixelData`);
      frames.add(tag(text, '0020,0052'));
      seriesUids.add(tag(text, '0020,000e'));
    }
    // One frame of reference for the whole study, one series per phase.
    expect(frames.size).toBe(1);
    expect(seriesUids.size).toBe(PHASES.length);
  });

  it('conform to the CT Image IOD by dciodvfy (dicom3tools, an independent validator): 0 errors', async () => {
    const study = createStudy({ seed, index, labels: ['HCC', 'CYST'], size: SIZE, slices: SLICES });
    const files = await listFiles(join(dir, study.name));
    for (const file of [files[0], files.at(-1)] as string[]) {
      const verdict = dciodvfy(file);
      expect(verdict.iod).toBe('CTImage');
      expect(verdict.dump, 'dciodvfy read the pixel data').toContain('(0x7fe0,0x0010)');
      expect(verdict.errors).toEqual([]);
    }
  });

  it('decode (dicom-parser) to exactly the intended HU, slice positions one thickness apart', async () => {
    const study = createStudy({ seed, index, labels: ['HCC', 'CYST'], size: SIZE, slices: SLICES });
    const files = await listFiles(join(dir, study.name));
    const slices = files.map((path) => readSlice(path, new Uint8Array(readFileSync(path))));
    for (const series of study.series) {
      const intended = renderPhase(study, series.phase);
      const ofSeries = slices
        .filter((s) => s.meta.seriesInstanceUid === series.seriesInstanceUid)
        .sort((a, b) => (b.meta.imagePositionPatient?.[2] ?? 0) - (a.meta.imagePositionPatient?.[2] ?? 0));
      expect(ofSeries).toHaveLength(SLICES);
      ofSeries.forEach((slice, k) => {
        expect(slice.meta.sopClassUid).toBe(CT_IMAGE_STORAGE);
        expect(slice.meta.rescaleIntercept).toBe(intercept);
        expect(slice.meta.imagePositionPatient?.[2]).toBeCloseTo(study.grid.z0 - k * study.grid.sliceSpacing, 3);
        let mismatches = 0;
        for (let p = 0; p < slice.hu.length; p++) {
          const want = Math.floor((intended[k * SIZE * SIZE + p] as number) + 0.5);
          if (slice.hu[p] !== want) mismatches++;
        }
        expect(mismatches, `${series.phase} slice ${k}`).toBe(0);
      });
      const contrast = slices.find((s) => s.meta.seriesInstanceUid === series.seriesInstanceUid)?.meta
        .contrastBolusAgent;
      if (series.phase === 'NC' || study.headerCues === 'none') expect(contrast).toBeUndefined();
      else expect(contrast).toBe(series.contrast?.agent);
    }
  });
});

describe('DICOM files written with lossless JPEG-LS (the demo study)', () => {
  const dir = join(root, 'jpeg-ls');
  const nativeDir = join(root, 'jpeg-ls-native');

  it('carry the JPEG-LS lossless transfer syntax, pass dciodvfy with 0 errors, and hold exactly the native pixels', async () => {
    const study = await writeOne('dicom-jls', 0, dir, 1, 'jpeg-ls');
    await writeOne('dicom-jls', 0, nativeDir, 1);
    const files = await listFiles(join(dir, study.name));
    const nativeFiles = await listFiles(join(nativeDir, study.name));
    expect(files.map((f) => f.replace(dir, ''))).toEqual(nativeFiles.map((f) => f.replace(nativeDir, '')));
    const dump = execFileSync('dcmdump', ['-q', files[0] as string], { encoding: 'utf8' });
    expect(dump).toContain('=JPEGLSLossless');
    const verdict = dciodvfy(files[0] as string);
    expect(verdict.iod).toBe('CTImage');
    expect(verdict.errors).toEqual([]);
    let compressed = 0;
    let native = 0;
    for (const [n, file] of files.entries()) {
      const bytes = readFileSync(file);
      const nativeBytes = readFileSync(nativeFiles[n] as string);
      compressed += bytes.byteLength;
      native += nativeBytes.byteLength;
      const fragments = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset)).dict['7FE00010'] as {
        Value: ArrayBuffer[];
      };
      expect(fragments.Value).toHaveLength(1);
      const decoded = await decodeJpegLs(new Uint8Array(fragments.Value[0] as ArrayBuffer));
      // The native file ends with its pixels.
      const nativePixels = nativeBytes.subarray(nativeBytes.byteLength - SIZE * SIZE * 2);
      expect(Buffer.from(decoded.bytes).equals(nativePixels), file).toBe(true);
    }
    expect(compressed).toBeLessThan(native / 2);
  });
});

describe('reproducibility', () => {
  it('writes byte-identical files for the same seed, in one thread or on workers', async () => {
    const a = await writeOne('bytes', 0, join(root, 'a'), 1);
    await writeOne('bytes', 0, join(root, 'b'), 2);
    const filesA = await listFiles(join(root, 'a', a.name));
    const filesB = await listFiles(join(root, 'b', a.name));
    expect(filesB.map((f) => f.replace(join(root, 'b'), ''))).toEqual(
      filesA.map((f) => f.replace(join(root, 'a'), '')),
    );
    for (const [n, file] of filesA.entries()) {
      expect(readFileSync(filesB[n] as string).equals(readFileSync(file))).toBe(true);
    }
    expect(readFileSync(join(root, 'a', a.name, 'annotations.json'), 'utf8')).toBe(
      readFileSync(join(root, 'b', a.name, 'annotations.json'), 'utf8'),
    );
  });
});
