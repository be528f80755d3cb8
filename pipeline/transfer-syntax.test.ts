/**
 * src/core's own decoder on a generated study that dcmtk rewrote as implicit VR little endian,
 * explicit big endian and deflated: every voxel of every slice equals the original's, and the
 * study reads back with the same series, phases and content cues. (Compressed syntaxes need a
 * codec: src/adapters/dicom-codecs/decode-slice.node.test.ts checks those.)
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inflatedFile, type InflateRaw } from '../src/core/dicom/deflated';
import { coreDecoder, decodeHu } from '../src/core/dicom/pixels';
import { parseSliceMeta } from '../src/core/dicom/slice-meta';
import { readStudy, type FileSource, type StudyRead } from '../src/core/study/read-study';
import { generateStudies } from './phantom/generate';
import { listFiles } from './read-dicom';

const root = mkdtempSync(join(tmpdir(), 'transfer-syntax-'));
const original = join(root, 'original');
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const inflate: InflateRaw = (data) => Promise.resolve(new Uint8Array(inflateRawSync(data)));

const SYNTAXES = [
  { option: '+ti', uid: '1.2.840.10008.1.2', name: 'implicit VR little endian' },
  { option: '+tb', uid: '1.2.840.10008.1.2.2', name: 'explicit VR big endian' },
  { option: '+td', uid: '1.2.840.10008.1.2.1.99', name: 'deflated explicit VR little endian' },
] as const;

function sources(dir: string): Promise<FileSource[]> {
  return listFiles(dir).then((files) =>
    files.map((path) => ({
      name: relative(dir, path),
      read: () => Promise.resolve(new Uint8Array(readFileSync(path))),
    })),
  );
}

/** What a read found, without file names: series, their phases and how they were decided. */
function summary(read: StudyRead) {
  return read.series.map((s) => ({
    uid: s.series.seriesInstanceUid,
    slices: s.series.slices.length,
    assignment: s.assignment,
    pixelProblem: s.pixelProblem,
  }));
}

beforeAll(async () => {
  await generateStudies({
    outDir: original,
    seed: 'transfer-syntax',
    classes: ['HCC'],
    studies: 1,
    size: 96,
    slices: 6,
    workers: 1,
  });
  for (const { option } of SYNTAXES) {
    const dir = join(root, option);
    cpSync(original, dir, { recursive: true });
    for (const file of await listFiles(dir)) execFileSync('dcmconv', [option, file, file]);
  }
});

describe.each(SYNTAXES)('$name, written by dcmconv $option', ({ option, uid }) => {
  it('decodes every voxel of every slice to the original HU', async () => {
    const originals = await listFiles(original);
    expect(originals.length).toBeGreaterThanOrEqual(24);
    const decode = coreDecoder(inflate);
    for (const path of originals) {
      const converted = join(root, option, relative(original, path));
      const bytes = new Uint8Array(readFileSync(converted));
      const parsed = parseSliceMeta(converted, bytes, await inflatedFile(bytes, inflate));
      const reference = parseSliceMeta(path, new Uint8Array(readFileSync(path)));
      if (parsed.kind !== 'slice' || reference.kind !== 'slice') throw new Error(`${converted}: not read`);
      expect(parsed.slice.transferSyntaxUid).toBe(uid);
      const expected = decodeHu(new Uint8Array(readFileSync(path)), reference.slice);
      const hu = await decode(bytes, parsed.slice);
      expect(hu.length).toBe(expected?.length);
      let differing = 0;
      hu.forEach((v, i) => {
        if (v !== expected?.[i]) differing++;
      });
      expect(differing, relative(root, converted)).toBe(0);
    }
  });

  it('reads back as the same study: series, phases, and phases from content', async () => {
    const before = await readStudy(await sources(original));
    const after = await readStudy(await sources(join(root, option)), undefined, { inflate });
    expect(after.skipped).toEqual([]);
    expect(summary(after)).toEqual(summary(before));
  });
});

it('without an inflater a deflated file is skipped with a reason, never read as garbage', async () => {
  const read = await readStudy(await sources(join(root, '+td')));
  expect(read.series).toEqual([]);
  expect(new Set(read.skipped.map((s) => s.reason))).toEqual(
    new Set(['compressed with deflate, which this viewer cannot read']),
  );
});
