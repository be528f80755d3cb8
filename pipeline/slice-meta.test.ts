/** parseSliceMeta (src/core) on real files: generated DICOM, and the kinds of junk folders hold. */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeHu } from '../src/core/dicom/pixels';
import { parseDicomTime, parseSliceMeta } from '../src/core/dicom/slice-meta';
import { generateStudies } from './phantom/generate';
import { listFiles } from './read-dicom';

const root = mkdtempSync(join(tmpdir(), 'slice-meta-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('parseSliceMeta', () => {
  it('reads the geometry, timing and contrast tags the generator wrote, and the pixels', async () => {
    const { studies } = await generateStudies({
      outDir: root,
      seed: 'meta',
      classes: ['HCC'],
      studies: 1,
      size: 64,
      slices: 3,
      workers: 1,
    });
    const study = studies[0];
    if (study === undefined) throw new Error('no study');
    const files = await listFiles(join(root, study.name));
    const art = study.series.find((s) => s.phase === 'ART');
    const file = files.find((f) => f.includes(`S${String(art?.seriesNumber).padStart(2, '0')}`));
    if (file === undefined || art === undefined) throw new Error('no ART file');
    const bytes = new Uint8Array(readFileSync(file));
    const parsed = parseSliceMeta(file, bytes);
    if (parsed.kind !== 'slice') throw new Error(parsed.reason);
    const meta = parsed.slice;
    expect(meta.seriesInstanceUid).toBe(art.seriesInstanceUid);
    expect(meta.studyInstanceUid).toBe(study.header.studyInstanceUid);
    expect(meta.modality).toBe('CT');
    expect(meta.rows).toBe(64);
    expect(meta.pixelSpacing?.[0]).toBeCloseTo(study.grid.pixelSpacing, 6);
    expect(meta.imagePositionPatient?.[2]).toBeCloseTo(study.grid.z0, 3);
    expect(meta.rescaleIntercept).toBe(study.header.rescaleIntercept);
    if (study.headerCues !== 'none') {
      expect(meta.contrastBolusAgent).toBe(art.contrast?.agent);
      expect(meta.acquisitionTime).toBeCloseTo(parseDicomTime(art.acquisitionTime) ?? Number.NaN, 3);
    }
    const hu = decodeHu(bytes, meta);
    expect(hu).not.toBeNull();
    expect(Math.min(...(hu ?? []))).toBeLessThan(-900);
  });

  it.each([
    ['empty.dcm', new Uint8Array(0), 'empty file'],
    ['notes.txt', new TextEncoder().encode('patient list, not an image\n'.repeat(20)), 'not a DICOM file'],
  ])('skips %s: %s', (name, bytes, reason) => {
    expect(parseSliceMeta(name, bytes)).toEqual({ kind: 'skipped', fileName: name, reason });
  });

  it('skips a truncated file with a reason instead of throwing', async () => {
    const files = await listFiles(root);
    const whole = new Uint8Array(readFileSync(files[0] as string));
    const parsed = parseSliceMeta('cut.dcm', whole.subarray(0, 700));
    expect(parsed.kind).toBe('skipped');
    if (parsed.kind === 'skipped') expect(parsed.reason).toBe('truncated (the file ends early)');
  });

  it('skips a file cut inside its pixel data as truncated', async () => {
    const files = await listFiles(root);
    const whole = new Uint8Array(readFileSync(files[0] as string));
    const parsed = parseSliceMeta('cut.dcm', whole.subarray(0, whole.length - 1000));
    expect(parsed).toEqual({ kind: 'skipped', fileName: 'cut.dcm', reason: 'truncated (the file ends early)' });
  });

  it('parses DICOM times', () => {
    expect(parseDicomTime('134842.907')).toBeCloseTo(13 * 3600 + 48 * 60 + 42.907, 6);
    expect(parseDicomTime('13:48:42')).toBe(13 * 3600 + 48 * 60 + 42);
    expect(parseDicomTime('1348')).toBe(13 * 3600 + 48 * 60);
    expect(parseDicomTime('garbage')).toBeUndefined();
  });
});
