/**
 * Fuzz test: thousands of damaged variants of real CT slices (the generator's files, and dcmtk's
 * implicit-VR, big-endian and RLE-compressed copies of them) go through the whole folder reader
 * (parseSliceMeta → groupSeries → readStudy → the page's messages). Whatever a hospital folder
 * holds, nothing may throw or hang, every file is either a sane slice or skipped with a reason,
 * and no message shows NaN or undefined. Seeded: the same variants on every run.
 */
import dicomParser from 'dicom-parser';
import { describe, expect, it } from 'vitest';
import { decodeHu } from '../src/core/dicom/pixels';
import { groupSeries, type Series } from '../src/core/dicom/series';
import { parseSliceHeader, parseSliceMeta, type ParsedFile, type SliceMeta } from '../src/core/dicom/slice-meta';
import { concat } from '../src/core/dicom/test-dicom';
import { PixelDecodeError } from '../src/core/dicom/transfer-syntax';
import { Rng } from '../src/core/random';
import { readStudy, seriesByPhase, type StudyRead } from '../src/core/study/read-study';
import { folderMessages, phaseMessages, type StudyMessage } from '../src/core/study/study-messages';
import { convert, phantomFiles, sources, type SampleFile } from './dicom-samples';

const VARIANTS = 4000;
/** A hang detector, not a speed test: a 10 KiB file parses in well under a millisecond. */
const MAX_MS_PER_FILE = 2000;
/** Files per simulated folder read by readStudy. */
const FOLDER_SIZE = 100;

const UNCOMPRESSED = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.2']);
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

interface LengthField {
  readonly tag: string;
  /** Where the element's value starts and how long it is. */
  readonly dataOffset: number;
  readonly length: number;
  /** Where its length field is, and how wide. */
  readonly at: number;
  readonly width: 2 | 4;
  readonly littleEndian: boolean;
}

interface Seed {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly fields: readonly LengthField[];
}

/** The length field of every top-level element, found by parsing the intact file. */
function seed(name: string, bytes: Uint8Array): Seed {
  const dataSet = dicomParser.parseDicom(bytes);
  const syntax = dataSet.string('x00020010') ?? '';
  const fields = Object.values(dataSet.elements).map((e): LengthField => {
    const meta = e.tag.startsWith('x0002');
    const explicit = meta || syntax !== '1.2.840.10008.1.2';
    const width = explicit && !LONG_VRS.has(e.vr ?? '') ? 2 : 4;
    return {
      tag: e.tag,
      dataOffset: e.dataOffset,
      length: e.length,
      at: e.dataOffset - width,
      width,
      littleEndian: meta || syntax !== '1.2.840.10008.1.2.2',
    };
  });
  return { name, bytes, fields };
}

function writeLength(bytes: Uint8Array, field: LengthField, value: number): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (field.width === 2) view.setUint16(field.at, value & 0xffff, field.littleEndian);
  else view.setUint32(field.at, value >>> 0, field.littleEndian);
}

/** A value written over an element in place (the file keeps its layout; the value is nonsense). */
const NONSENSE_TEXT = [
  '0',
  '-0',
  '-1',
  'NaN',
  'Infinity',
  '1e999',
  '-1e308',
  '',
  '\\',
  '\\\\\\\\\\',
  '0\\0\\0\\0\\0\\0',
  '1\\0\\0\\1\\0\\0',
  '1\\0\\0\\0\\0\\-1',
  '0\\1\\0\\0\\0\\-1',
  '2\\0\\0\\0\\2\\0',
  'abc',
  '1.2.3',
  '\u0000\u0000',
  '99999999999999999',
  '1.2.840.10008.1.3.10',
  '1.2.840.10008.1.2',
  '1.2.840.10008.1.2.2',
  '1.2.840.10008.1.2.1.99',
  '1.2.840.10008.1.2.5',
  '1.2.840.10008.1.2.4.50',
];
const NONSENSE_US = [0, 1, 7, 8, 12, 32, 64, 0x8000, 0xffff];

type Mutation = (rng: Rng, s: Seed) => Uint8Array;

/** Offsets biased towards the header, where a damaged byte changes what is parsed. */
function offset(rng: Rng, s: Seed): number {
  const pixel = s.fields.find((f) => f.tag === 'x7fe00010');
  const headerEnd = pixel === undefined ? s.bytes.length : pixel.dataOffset + 16;
  return rng.bernoulli(0.8) ? rng.int(0, Math.min(headerEnd, s.bytes.length - 1)) : rng.int(0, s.bytes.length - 1);
}

const MUTATIONS: Readonly<Record<string, Mutation>> = {
  truncate: (rng, s) => s.bytes.slice(0, offset(rng, s)),
  flipBits: (rng, s) => {
    const out = s.bytes.slice();
    for (let n = rng.int(1, 8); n > 0; n--) {
      const at = offset(rng, s);
      out[at] = (out[at] as number) ^ (1 << rng.int(0, 7));
    }
    return out;
  },
  randomBytes: (rng, s) => {
    const out = s.bytes.slice();
    const at = offset(rng, s);
    for (let i = at; i < Math.min(out.length, at + rng.int(1, 16)); i++) out[i] = rng.int(0, 255);
    return out;
  },
  wrongLength: (rng, s) => {
    const out = s.bytes.slice();
    const field = rng.pick(s.fields);
    const values = [
      0,
      1,
      field.length - 1,
      field.length + 1,
      field.length + 2,
      field.length * 2,
      0xfffe,
      0xffff,
      0x7fffffff,
      0xfffffff0,
      0xffffffff,
      s.bytes.length,
      s.bytes.length - field.dataOffset,
      rng.nextUint32(),
    ];
    writeLength(out, field, rng.pick(values));
    return out;
  },
  nonsenseValue: (rng, s) => {
    const out = s.bytes.slice();
    const field = rng.pick(s.fields.filter((f) => f.tag !== 'x7fe00010'));
    if (field.length === 2 && rng.bernoulli(0.7)) {
      new DataView(out.buffer).setUint16(field.dataOffset, rng.pick(NONSENSE_US), field.littleEndian);
      return out;
    }
    const text = new TextEncoder().encode(rng.pick(NONSENSE_TEXT));
    for (let i = 0; i < field.length; i++) out[field.dataOffset + i] = i < text.length ? (text[i] as number) : 0x20;
    return out;
  },
  duplicateChunk: (rng, s) => {
    const from = offset(rng, s);
    const chunk = s.bytes.slice(from, from + rng.int(1, 256));
    const at = offset(rng, s);
    return concat([s.bytes.subarray(0, at), chunk, s.bytes.subarray(at)]);
  },
  removeChunk: (rng, s) => {
    const from = offset(rng, s);
    return concat([s.bytes.subarray(0, from), s.bytes.subarray(from + rng.int(1, 256))]);
  },
  garbagePrefix: (rng, s) => {
    const prefix = Uint8Array.from({ length: rng.pick([1, 4, 128, 132, rng.int(1, 400)]) }, () => rng.int(0, 255));
    return concat([prefix, s.bytes]);
  },
};

/** One to three mutations in a row, each on the result of the one before. */
function mutate(rng: Rng, s: Seed): { bytes: Uint8Array; kinds: string[] } {
  const kinds: string[] = [];
  let current = s;
  let bytes = s.bytes;
  for (let n = rng.pick([1, 1, 1, 2, 3]); n > 0; n--) {
    const kind = rng.pick(Object.keys(MUTATIONS));
    bytes = (MUTATIONS[kind] as Mutation)(rng, current);
    kinds.push(kind);
    if (bytes.length === 0) break;
    // Later mutations aim at the fields of the mutated file where it still parses, else at the old ones.
    current = { ...current, bytes, fields: current.fields.filter((f) => f.dataOffset + f.length <= bytes.length) };
    if (current.fields.length === 0) break;
  }
  return { bytes, kinds };
}

const finite = (v: number | undefined): boolean => v === undefined || Number.isFinite(v);
const isUnit = (v: readonly number[]): boolean => Math.abs(Math.hypot(...v) - 1) < 0.01;

/** What a slice must satisfy to be worth passing on; each broken rule as text. */
function sliceProblems(s: SliceMeta, bytes: Uint8Array): string[] {
  const problems: string[] = [];
  const rule = (ok: boolean, text: string): void => {
    if (!ok) problems.push(text);
  };
  rule(Number.isInteger(s.rows) && s.rows >= 1, `rows ${s.rows}`);
  rule(Number.isInteger(s.columns) && s.columns >= 1, `columns ${s.columns}`);
  rule(Number.isInteger(s.numberOfFrames) && s.numberOfFrames >= 1, `frames ${s.numberOfFrames}`);
  rule([8, 16, 32].includes(s.bitsAllocated), `bits ${s.bitsAllocated}`);
  rule(s.pixelRepresentation === 0 || s.pixelRepresentation === 1, `pixel representation ${s.pixelRepresentation}`);
  rule(Number.isFinite(s.rescaleSlope) && s.rescaleSlope !== 0, `slope ${s.rescaleSlope}`);
  rule(Number.isFinite(s.rescaleIntercept), `intercept ${s.rescaleIntercept}`);
  rule(s.studyInstanceUid !== '' && s.seriesInstanceUid !== '', 'empty UID');
  rule(s.imagePositionPatient?.every(Number.isFinite) ?? true, `position ${String(s.imagePositionPatient)}`);
  const o = s.imageOrientationPatient;
  rule(
    o === undefined ||
      (isUnit(o[0]) && isUnit(o[1]) && Math.abs(o[0][0] * o[1][0] + o[0][1] * o[1][1] + o[0][2] * o[1][2]) < 0.01),
    `orientation ${String(o)}`,
  );
  rule(s.pixelSpacing?.every((v) => Number.isFinite(v) && v > 0) ?? true, `spacing ${String(s.pixelSpacing)}`);
  rule(s.sliceThickness === undefined || (Number.isFinite(s.sliceThickness) && s.sliceThickness > 0), 'thickness');
  rule([s.seriesNumber, s.instanceNumber, s.acquisitionTime, s.contrastBolusStartTime].every(finite), 'numbers');
  const { offset: at, length } = s.pixelData;
  rule(Number.isInteger(at) && at >= 0 && length >= 0 && at + length <= bytes.length, `pixel data ${at}+${length}`);
  if (UNCOMPRESSED.has(s.transferSyntaxUid)) {
    const expected = s.rows * s.columns * (s.bitsAllocated / 8) * s.numberOfFrames;
    rule(length >= expected, `pixel data ${length} < ${expected} bytes`);
  }
  return problems;
}

function seriesProblems(s: Series): string[] {
  const problems: string[] = [];
  if (s.slices.length === 0) problems.push('empty series');
  if (s.normal !== undefined && !(s.normal.every(Number.isFinite) && isUnit(s.normal)))
    problems.push(`normal ${String(s.normal)}`);
  if (s.sliceSpacing !== undefined && !(Number.isFinite(s.sliceSpacing) && s.sliceSpacing > 0))
    problems.push(`spacing ${s.sliceSpacing}`);
  for (const issue of s.issues) problems.push(...textProblems(issue));
  return problems;
}

function textProblems(text: string): string[] {
  return text.trim() === '' || /NaN|undefined|Infinity|\[object|null/.test(text) ? [`bad text: "${text}"`] : [];
}

function messagesOf(read: StudyRead, fileCount: number): StudyMessage[] {
  const messages = folderMessages(read, fileCount);
  for (const study of new Set(read.series.map((s) => s.series.studyInstanceUid))) {
    const members = read.series.filter((s) => s.series.studyInstanceUid === study);
    messages.push(...phaseMessages(seriesByPhase(members, new Map())));
  }
  return messages;
}

function seeds(): Seed[] {
  const { files } = phantomFiles('fuzz', ['NC', 'PV'], { size: 64, slices: 3 });
  const first = (files[0] as SampleFile).bytes;
  const made: [string, Uint8Array][] = [
    ...files.map((f): [string, Uint8Array] => [f.name, f.bytes]),
    ['implicit.dcm', convert('dcmconv', ['+ti'], first)],
    ['big-endian.dcm', convert('dcmconv', ['+tb'], first)],
    ['rle.dcm', convert('dcmcrle', [], first)],
  ];
  return made.map(([name, bytes]) => seed(name, bytes));
}

describe('the folder reader on damaged files', () => {
  it(`neither throws nor hangs on ${VARIANTS} damaged variants, and keeps only sane slices`, async () => {
    const all = seeds();
    for (const s of all) expect(parseSliceMeta(s.name, s.bytes).kind, s.name).toBe('slice');
    const rng = new Rng('dicom-fuzz');
    const failures: string[] = [];
    const reasons = new Map<string, number>();
    const variants: SampleFile[] = [];
    const slices: SliceMeta[] = [];
    let slowest = 0;
    for (let v = 0; v < VARIANTS; v++) {
      const s = rng.pick(all);
      const { bytes, kinds } = mutate(rng.fork(v), s);
      const name = `v${v}-${s.name.replace('/', '-')}`;
      const label = `${name} (${kinds.join('+')})`;
      variants.push({ name, bytes });
      const start = performance.now();
      let parsed: ParsedFile;
      try {
        parsed = parseSliceMeta(name, bytes);
        if (parsed.kind === 'slice') decodeHu(bytes, parsed.slice);
      } catch (error) {
        // Refusing pixels no decoder can read (colour, odd bit depths) is decodeHu's contract.
        if (!(error instanceof PixelDecodeError)) failures.push(`${label}: threw ${String(error)}`);
        continue;
      }
      const ms = performance.now() - start;
      slowest = Math.max(slowest, ms);
      if (ms > MAX_MS_PER_FILE) failures.push(`${label}: took ${ms.toFixed(0)} ms`);
      if (parsed.kind === 'skipped') {
        if (parsed.reason.trim() === '') failures.push(`${label}: skipped without a reason`);
        reasons.set(parsed.reason, (reasons.get(parsed.reason) ?? 0) + 1);
      } else {
        slices.push(parsed.slice);
        for (const p of sliceProblems(parsed.slice, bytes)) failures.push(`${label}: ${p}`);
      }
    }

    for (const series of groupSeries(slices)) {
      for (const p of seriesProblems(series)) failures.push(`series ${series.seriesInstanceUid}: ${p}`);
    }
    for (let at = 0; at < variants.length; at += FOLDER_SIZE) {
      const folder = variants.slice(at, at + FOLDER_SIZE);
      const start = performance.now();
      try {
        const read = await readStudy(sources(folder));
        for (const m of messagesOf(read, folder.length)) failures.push(...textProblems(m.text));
        for (const s of read.skipped) failures.push(...textProblems(s.reason));
      } catch (error) {
        failures.push(`folder at ${at}: threw ${String(error)}`);
      }
      const ms = performance.now() - start;
      if (ms > MAX_MS_PER_FILE * folder.length) failures.push(`folder at ${at}: took ${ms.toFixed(0)} ms`);
    }

    // FUZZ_REPORT=1 prints what became of the variants, and the kinds of failure (numbers as N).
    if (process.env.FUZZ_REPORT !== undefined) {
      const sorted = [...reasons].sort((a, b) => b[1] - a[1]);
      console.log(
        `${VARIANTS} variants: ${slices.length} slices, ${VARIANTS - slices.length} skipped; slowest ${slowest.toFixed(1)} ms\n` +
          sorted.map(([r, n]) => `${String(n).padStart(5)}  ${r}`).join('\n'),
      );
      const kinds = new Map<string, number>();
      for (const f of failures) {
        const k = f.replace(/^\S+ \([^)]*\): /, '').replace(/\d+/g, 'N');
        kinds.set(k, (kinds.get(k) ?? 0) + 1);
      }
      console.log([...kinds].map(([k, n]) => `${String(n).padStart(5)}  ${k}`).join('\n'));
    }
    expect(failures.slice(0, 40)).toEqual([]);
    // The mutations must leave some files readable, or the later stages were not exercised.
    expect(slices.length).toBeGreaterThan(VARIANTS / 10);
  });

  it('reads the same slice, or the same reason to skip, from the header bytes alone as from the whole file', () => {
    const all = seeds();
    const rng = new Rng('dicom-fuzz-header');
    const differences: string[] = [];
    let answered = 0;
    let uncompressedIntact = 0;
    for (const s of all.filter((seed) => UNCOMPRESSED.has(syntaxOf(seed.bytes)))) {
      // An intact uncompressed file is always answered from its header.
      uncompressedIntact++;
      const parsed = parseSliceHeader(s.name, s.bytes.subarray(0, 4096), s.bytes.length);
      expect(parsed, s.name).toEqual(parseSliceMeta(s.name, s.bytes));
    }
    for (let v = 0; v < VARIANTS; v++) {
      const s = rng.pick(all);
      const { bytes, kinds } = mutate(rng.fork(v), s);
      const whole = parseSliceMeta('f', bytes);
      for (const size of [128, 1024, 8192]) {
        const head = parseSliceHeader('f', bytes.subarray(0, size), bytes.length);
        if (head === null) continue;
        answered++;
        if (JSON.stringify(head) !== JSON.stringify(whole))
          differences.push(
            `${s.name} (${kinds.join('+')}), ${String(size)} bytes: ${JSON.stringify(head).slice(0, 120)} vs ${JSON.stringify(whole).slice(0, 120)}`,
          );
      }
    }
    expect(differences.slice(0, 10)).toEqual([]);
    expect(uncompressedIntact).toBeGreaterThan(0);
    // Most variants are answered from the header, or the shortcut was not exercised.
    expect(answered).toBeGreaterThan(VARIANTS / 2);
  });
});

function syntaxOf(bytes: Uint8Array): string {
  return dicomParser.parseDicom(bytes).string('x00020010') ?? '';
}
