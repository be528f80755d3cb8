/**
 * What a hospital folder can hold besides clean CT slices, made from real generated files with
 * dcmtk where a tool makes them (DICOMDIR, other transfer syntaxes, a removed element, a
 * multi-frame file), read as the page reads a folder (readStudy), asserting the text the user sees.
 * Pure-logic cases (duplicates, gaps, planes, two studies) are in src/core/dicom/bad-input.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { decodeHu } from '../src/core/dicom/pixels';
import { parseSliceMeta, type SliceMeta } from '../src/core/dicom/slice-meta';
import { PHASES } from '../src/core/labels';
import { readStudy, seriesByPhase, type StudyRead } from '../src/core/study/read-study';
import { folderMessages, phaseMessages, type StudyMessage } from '../src/core/study/study-messages';
import { damagedCopies } from '../test-support/damaged-copies';
import { convert, dcmtk, phantomFiles, sources, type SampleFile } from './dicom-samples';

const SIZE = 32;
const { files: STUDY } = phantomFiles('bad-input', PHASES, { size: SIZE, slices: 3 });
const first = (STUDY[0] as SampleFile).bytes;

/** Everything the page says about a folder: the folder, then the study shown. */
async function open(files: readonly SampleFile[]): Promise<{ read: StudyRead; messages: StudyMessage[] }> {
  const read = await readStudy(sources(files));
  const messages = folderMessages(read, files.length);
  if (read.series.length > 0) messages.push(...phaseMessages(seriesByPhase(read.series, new Map())));
  return { read, messages };
}

const withStudy = (...extra: SampleFile[]): SampleFile[] => [...STUDY, ...extra];

function slice(name: string, bytes: Uint8Array): SliceMeta {
  const parsed = parseSliceMeta(name, bytes);
  if (parsed.kind !== 'slice') throw new Error(`${name}: ${parsed.reason}`);
  return parsed.slice;
}

describe('a folder with bad files: what the page says', () => {
  it('says nothing about the clean study itself', async () => {
    const { read, messages } = await open(STUDY);
    expect(messages).toEqual([]);
    expect(read.series.map((s) => s.assignment.phase)).toEqual(['NC', 'ART', 'PV', 'DL']);
  });

  it('a file that is not DICOM is skipped as such; a folder of nothing else says there are no images', async () => {
    const notes = { name: 'NOTES', bytes: new TextEncoder().encode('Patient list, not an image.\n'.repeat(20)) };
    expect((await open(withStudy(notes))).messages).toEqual([
      { level: 'info', text: '1 file skipped: 1 not a DICOM file.' },
    ]);
    expect((await open([notes])).messages).toEqual([
      { level: 'error', text: 'No DICOM images in the 1 file opened.' },
      { level: 'info', text: '1 file skipped: 1 not a DICOM file.' },
    ]);
  });

  it('an empty file is skipped as such', async () => {
    expect((await open(withStudy({ name: 'IM9999', bytes: new Uint8Array(0) }))).messages).toEqual([
      { level: 'info', text: '1 file skipped: 1 empty file.' },
    ]);
  });

  it.each([
    ['in its header', first.subarray(0, 600)],
    ['in its pixels', first.subarray(0, first.length - 100)],
    [
      'in an implicit-VR header (which dicom-parser does not flag)',
      convert('dcmconv', ['+ti'], first).subarray(0, 400),
    ],
  ])('a file cut %s is skipped with a warning; the study still opens', async (_, cut) => {
    const { read, messages } = await open(withStudy({ name: 'cut.dcm', bytes: cut }));
    expect(messages).toEqual([{ level: 'warning', text: '1 file skipped: 1 truncated (the file ends early).' }]);
    expect(read.series).toHaveLength(4);
  });

  it('a DICOMDIR (made by dcmmkdir) is skipped as an index; the images it lists open', async () => {
    const nc = STUDY.slice(0, 3).map((f, i) => ({ name: `S1/IM${String(i + 1)}`, bytes: f.bytes }));
    const dicomdir = dcmtk('dcmmkdir', ['+r', '+I', 'S1'], nc, 'DICOMDIR');
    const { read, messages } = await open(withStudy({ name: 'DICOMDIR', bytes: dicomdir }));
    expect(messages).toEqual([{ level: 'info', text: '1 file skipped: 1 DICOMDIR (an index, not an image).' }]);
    expect(read.series).toHaveLength(4);
  });

  it.each([
    ['implicit VR little endian', '+ti', '1.2.840.10008.1.2'],
    ['explicit VR big endian', '+tb', '1.2.840.10008.1.2.2'],
  ])('a study in %s (dcmconv) reads exactly like the original', async (_, option, syntax) => {
    const converted = STUDY.map((f) => ({ name: f.name, bytes: convert('dcmconv', [option], f.bytes) }));
    const { transferSyntaxUid: fromSyntax, pixelData: fromPixels, ...original } = slice('a', first);
    const { transferSyntaxUid, pixelData, ...other } = slice('a', (converted[0] as SampleFile).bytes);
    // Only the encoding differs (and so where the pixel data sits in the file).
    expect([fromSyntax, transferSyntaxUid]).toEqual(['1.2.840.10008.1.2.1', syntax]);
    expect(pixelData.length).toBe(fromPixels.length);
    expect(other).toEqual(original);
    expect(decodeHu((converted[0] as SampleFile).bytes, slice('a', (converted[0] as SampleFile).bytes))).toEqual(
      decodeHu(first, slice('a', first)),
    );
    const { read, messages } = await open(converted);
    expect(messages).toEqual([]);
    expect(read.series.map((s) => s.assignment.phase)).toEqual(['NC', 'ART', 'PV', 'DL']);
  });

  it('a file without pixel data (dcmodify -e) is skipped as such', async () => {
    const noPixels = dcmtk(
      'dcmodify',
      ['-nb', '-e', '(7fe0,0010)', 'x.dcm'],
      [{ name: 'x.dcm', bytes: first }],
      'x.dcm',
    );
    expect((await open(withStudy({ name: 'x.dcm', bytes: noPixels }))).messages).toEqual([
      { level: 'info', text: '1 file skipped: 1 no pixel data.' },
    ]);
  });

  it.each([
    ['no rows', ['-m', '(0028,0010)=0'], 'info', 'no image size (rows or columns missing or 0)'],
    ['12-bit words', ['-m', '(0028,0100)=12'], 'info', 'unsupported pixel format'],
    ['a rescale slope of 0', ['-m', '(0028,1053)=0'], 'warning', 'damaged (its HU scaling is invalid)'],
    ['NumberOfFrames 0', ['-i', '(0028,0008)=0'], 'warning', 'damaged (its number of frames is invalid)'],
  ])('a file with %s (dcmodify) is skipped with a reason', async (_, edit, level, reason) => {
    const bad = dcmtk('dcmodify', ['-nb', ...edit, 'x.dcm'], [{ name: 'x.dcm', bytes: first }], 'x.dcm');
    expect((await open(withStudy({ name: 'x.dcm', bytes: bad }))).messages).toEqual([
      { level, text: `1 file skipped: 1 ${reason}.` },
    ]);
  });

  it('a file whose meta header lost its transfer syntax is skipped as damaged, with a warning', async () => {
    const bad = first.slice();
    // (0002,0010) UI → (0002,0011): the parser cannot tell how the data set is encoded.
    const at = bad.findIndex((_, i) => bad[i] === 2 && bad[i + 1] === 0 && bad[i + 2] === 0x10 && bad[i + 3] === 0);
    bad[at + 2] = 0x11;
    expect((await open(withStudy({ name: 'x.dcm', bytes: bad }))).messages).toEqual([
      { level: 'warning', text: '1 file skipped: 1 damaged (its DICOM header cannot be read).' },
    ]);
  });

  it('a multi-frame CT file without a position per frame is listed with why it is not shown, and is given no phase', async () => {
    const frames = new Uint8Array(SIZE * SIZE * 2 * 3);
    const multiFrame = dcmtk(
      'dcmodify',
      ['-nb', '-i', '(0028,0008)=3', '-i', '(0020,000e)=1.2.3.4.5', '-if', '(7fe0,0010)=frames.raw', 'mf.dcm'],
      [
        { name: 'mf.dcm', bytes: first },
        { name: 'frames.raw', bytes: frames },
      ],
      'mf.dcm',
    );
    expect(slice('mf.dcm', multiFrame).numberOfFrames).toBe(3);
    const parsed = parseSliceMeta('mf.dcm', multiFrame);
    // One top-level position cannot place three frames: each frame is an image without one.
    expect(parsed.kind === 'slice' ? parsed.images.map((i) => [i.frame, i.imagePositionPatient]) : []).toEqual([
      [0, undefined],
      [1, undefined],
      [2, undefined],
    ]);
    const { read } = await open(withStudy({ name: 'mf.dcm', bytes: multiFrame }));
    const entry = read.series.find((s) => s.series.seriesInstanceUid === '1.2.3.4.5');
    expect(entry?.assignment.phase).toBe('unknown');
    expect(entry?.series.issues).toEqual([
      'slices without position or orientation: ordered by InstanceNumber',
      'multi-frame images without a position per frame (3 frames): they cannot be stacked, so no phase is read from this series',
    ]);
    expect(read.series.map((s) => s.assignment.phase).filter((p) => p !== 'unknown')).toEqual([
      'NC',
      'ART',
      'PV',
      'DL',
    ]);
    // Alone in a folder, the page says there is nothing to show as a phase.
    const alone = await open([{ name: 'mf.dcm', bytes: multiFrame }]);
    expect(alone.messages).toContainEqual({
      level: 'error',
      text: 'No CT series with a contrast phase in this study.',
    });
  });

  it('a phase whose files have a broken orientation (all zeros) is listed and said not to be shown', async () => {
    const broken = STUDY.map((f) =>
      f.name.startsWith('ART/')
        ? {
            name: f.name,
            bytes: dcmtk(
              'dcmodify',
              ['-nb', '-m', '(0020,0037)=0\\0\\0\\0\\0\\0', 'x.dcm'],
              [{ name: 'x.dcm', bytes: f.bytes }],
              'x.dcm',
            ),
          }
        : f,
    );
    const { read, messages } = await open(broken);
    const art = read.series.find((s) => s.assignment.phase === 'ART');
    expect(art?.series.normal).toBeUndefined();
    expect(art?.series.issues).toEqual(['slices without position or orientation: ordered by InstanceNumber']);
    expect(messages).toEqual([
      { level: 'warning', text: 'The ART series has no usable slice positions or orientation: it cannot be shown.' },
    ]);
  });
});

describe('damaged copies mixed into a study (seeded)', () => {
  const { files: clean } = phantomFiles('damaged-copies', PHASES, { size: SIZE, slices: 12 });
  /** What the classifier reads: each phase's slices, in order, with their geometry and HU scaling. */
  async function phaseInputs(files: readonly SampleFile[]): Promise<Record<string, string[]>> {
    const { read } = await open(files);
    const main = read.series.filter((s) => s.series.studyInstanceUid === read.series[0]?.series.studyInstanceUid);
    const byPhase = seriesByPhase(main, new Map());
    return Object.fromEntries(
      PHASES.map((phase) => [
        phase,
        (byPhase[phase]?.series.slices ?? []).map(
          (s) =>
            `${s.sopInstanceUid} ${String(s.imagePositionPatient)} ${String(s.rows)}x${String(s.columns)} ` +
            `${String(s.rescaleSlope)}/${String(s.rescaleIntercept)} ${String(s.pixelData.offset)}`,
        ),
      ]),
    );
  }

  it.each(['damage-1', 'damage-2', 'damage-3'])(
    'with 20 damaged copies (seed %s) every phase keeps exactly its intact slices, so lesions classify as before',
    async (seed) => {
      const before = await phaseInputs(clean);
      expect(before.ART).toHaveLength(12);
      const damaged = damagedCopies(
        clean.filter((f) => f.name.startsWith('ART/')),
        seed,
        20,
      );
      const after = await phaseInputs([...clean, ...damaged]);
      expect(after).toEqual(before);
      const { read } = await open([...clean, ...damaged]);
      // Fragments (a copy whose series UID changed) are listed, never given a phase.
      for (const s of read.series.filter((x) => x.series.slices.length === 1))
        expect(s.assignment.phase).toBe('unknown');
    },
  );
});
