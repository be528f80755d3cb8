/**
 * The page's decoder (`codecDecoder`, Cornerstone's codecs underneath) in Node, voxel by voxel,
 * on CT-like frames that independent encoders (dcmtk, GDCM) wrote in every transfer syntax the
 * page reads. Lossless syntaxes must give back every HU exactly; lossy ones must agree with the
 * encoder's own decoder (dcmtk, GDCM) and stay within the bound the syntax promises.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inflatedFile } from '../../core/dicom/deflated';
import { decodeHu } from '../../core/dicom/pixels';
import { parseSliceMeta, type SliceMeta } from '../../core/dicom/slice-meta';
import { buildDicom, type TestImage } from '../../core/dicom/test-dicom';
import { EXPLICIT_LITTLE_ENDIAN } from '../../core/dicom/transfer-syntax';
import { Rng } from '../../core/random';
import { nodeCodecDecoder } from '../../../test-support/node-codecs';
import { inflateRaw } from './decode-slice';

const root = mkdtempSync(join(tmpdir(), 'codecs-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const decode = nodeCodecDecoder();

/** An abdominal-CT-like frame: air, fat, liver, vessels and bone, with noise (HU). */
function ctFrame(size: number, seed: string): number[] {
  const rng = new Rng(seed);
  const values: number[] = [];
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      const x = (i - size / 2) / (size * 0.45);
      const y = (j - size / 2) / (size * 0.35);
      const r = Math.hypot(x, y);
      let hu = -1000;
      if (r < 1) hu = r > 0.9 ? -100 : 55;
      if (Math.hypot(x - 0.3, y + 0.1) < 0.12) hu = 190;
      if (Math.hypot(x, y - 0.6) < 0.15) hu = 700 + 500 * (1 - Math.hypot(x, y - 0.6) / 0.15);
      values.push(Math.round(hu + 15 * rng.normal()));
    }
  }
  return values;
}

const SIZE = 128;
const IMAGES: Record<string, TestImage> = {
  'signed 16-bit': {
    rows: SIZE,
    columns: SIZE,
    bitsAllocated: 16,
    bitsStored: 16,
    pixelRepresentation: 1,
    frames: [ctFrame(SIZE, 'a')],
  },
  'unsigned 12-bit, intercept −1024': {
    rows: SIZE,
    columns: SIZE,
    bitsAllocated: 16,
    bitsStored: 12,
    pixelRepresentation: 0,
    rescaleIntercept: -1024,
    frames: [ctFrame(SIZE, 'b').map((v) => Math.min(4095, Math.max(0, v + 1024)))],
  },
  'signed 16-bit, 3 frames': {
    rows: SIZE,
    columns: SIZE,
    bitsAllocated: 16,
    bitsStored: 16,
    pixelRepresentation: 1,
    frames: [ctFrame(SIZE, 'c0'), ctFrame(SIZE, 'c1'), ctFrame(SIZE, 'c2')],
  },
};

interface Encoder {
  readonly uid: string;
  /** The encoder's command line, before the input and output paths. */
  readonly command: readonly string[];
  /** Lossy: the encoder's own decoder, to write the reference (uncompressed) file. */
  readonly reference?: readonly string[];
  /** Lossy: the largest |ΔHU| from the original allowed (stated per syntax below). */
  readonly bound?: (meta: SliceMeta) => number;
}

function run(command: readonly string[], input: string, output: string): void {
  const [tool, ...args] = command;
  if (tool === undefined) throw new Error('no command');
  execFileSync(tool, [...args, input, output], { stdio: 'pipe' });
}

const ENCODERS: Record<string, Encoder> = {
  'dcmconv +ti': { uid: '1.2.840.10008.1.2', command: ['dcmconv', '+ti'] },
  'dcmconv +tb': { uid: '1.2.840.10008.1.2.2', command: ['dcmconv', '+tb'] },
  'dcmconv +td': { uid: '1.2.840.10008.1.2.1.99', command: ['dcmconv', '+td'] },
  'dcmcjpeg +el': { uid: '1.2.840.10008.1.2.4.57', command: ['dcmcjpeg', '+el'] },
  'dcmcjpeg +e1': { uid: '1.2.840.10008.1.2.4.70', command: ['dcmcjpeg', '+e1'] },
  dcmcjpls: { uid: '1.2.840.10008.1.2.4.80', command: ['dcmcjpls'] },
  dcmcrle: { uid: '1.2.840.10008.1.2.5', command: ['dcmcrle'] },
  'gdcmconv --j2k': { uid: '1.2.840.10008.1.2.4.90', command: ['gdcmconv', '--j2k'] },
  // JPEG-LS near-lossless guarantees |Δ| ≤ NEAR stored units: here 2.
  'gdcmconv --jpegls --lossy -e 2': {
    uid: '1.2.840.10008.1.2.4.81',
    command: ['gdcmconv', '--jpegls', '--lossy', '-e', '2'],
    reference: ['dcmdjpls'],
    bound: (m) => 2 * m.rescaleSlope,
  },
  // Lossy JPEG and JPEG 2000 promise no bound; these are generous multiples of what they measure.
  'dcmcjpeg +ee': {
    uid: '1.2.840.10008.1.2.4.51',
    command: ['dcmcjpeg', '+ee'],
    reference: ['dcmdjpeg'],
    bound: () => 150,
  },
  'dcmcjpeg +eb': {
    uid: '1.2.840.10008.1.2.4.50',
    command: ['dcmcjpeg', '+eb'],
    reference: ['dcmdjpeg'],
    bound: () => 300,
  },
  'gdcmconv --j2k --lossy -r 10': {
    uid: '1.2.840.10008.1.2.4.91',
    command: ['gdcmconv', '--j2k', '--lossy', '-r', '10'],
    reference: ['gdcmconv', '--raw'],
    bound: () => 300,
  },
};

async function read(path: string): Promise<{ bytes: Uint8Array; meta: SliceMeta }> {
  const bytes = new Uint8Array(readFileSync(path));
  const parsed = parseSliceMeta(path, bytes, await inflatedFile(bytes, inflateRaw));
  if (parsed.kind !== 'slice') throw new Error(`${path}: ${parsed.reason}`);
  return { bytes, meta: parsed.slice };
}

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
}

function meanDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] as number) - (b[i] as number));
  return sum / a.length;
}

const original = (image: TestImage, frame: number): number[] =>
  (image.frames[frame] ?? []).map((v) => v * (image.rescaleSlope ?? 1) + (image.rescaleIntercept ?? 0));

/** Measured |ΔHU| per syntax and image, printed at the end for the README. */
const measured: string[] = [];
afterAll(() => {
  console.log(
    `|ΔHU| from the original, max (lossy: mean, and max from the encoder's own decoder)\n${measured.join('\n')}`,
  );
});

describe.each(Object.entries(IMAGES))('%s CT', (imageName, image) => {
  const source = join(root, `${imageName.replace(/\W+/g, '-')}.dcm`);
  writeFileSync(source, buildDicom(image, EXPLICIT_LITTLE_ENDIAN));

  it.each(Object.entries(ENCODERS))('%s', async (encoderName, encoder) => {
    const output = `${source}.${encoderName.replace(/\W+/g, '-')}.dcm`;
    run(encoder.command, source, output);
    const { bytes, meta } = await read(output);
    expect(meta.transferSyntaxUid).toBe(encoder.uid);
    expect(meta.numberOfFrames).toBe(image.frames.length);
    if (encoder.reference !== undefined) run(encoder.reference, output, `${output}.ref.dcm`);
    const reference = encoder.reference === undefined ? undefined : await read(`${output}.ref.dcm`);
    for (let frame = 0; frame < image.frames.length; frame++) {
      const hu = await decode(bytes, meta, frame);
      const fromOriginal = maxDifference(hu, original(image, frame));
      if (encoder.bound === undefined || reference === undefined) {
        // Lossless: every voxel exactly.
        expect(fromOriginal).toBe(0);
        if (frame === 0) measured.push(`${encoder.uid} ${encoderName} · ${imageName}: 0`);
        continue;
      }
      const referenceHu = decodeHu(reference.bytes, reference.meta, frame);
      if (referenceHu === null) throw new Error('the reference decoder wrote no native pixels');
      const fromReference = maxDifference(hu, referenceHu);
      // Two decoders of one bitstream may round an inverse DCT differently by one stored unit.
      expect(fromReference).toBeLessThanOrEqual(meta.rescaleSlope + 1e-3);
      expect(fromOriginal).toBeLessThanOrEqual(encoder.bound(meta));
      if (frame === 0) {
        measured.push(
          `${encoder.uid} ${encoderName} · ${imageName}: ${fromOriginal.toFixed(1)} ` +
            `(mean ${meanDifference(hu, original(image, frame)).toFixed(2)}, decoder ${fromReference.toFixed(1)})`,
        );
      }
    }
  });
});

describe('what the page cannot decode', () => {
  it('rejects a syntax with no decoder here, naming it', async () => {
    const image = IMAGES['signed 16-bit'] as TestImage;
    const bytes = buildDicom(image, '1.2.840.10008.1.2.4.110', [Uint8Array.from([0xff, 0x0a])]);
    const parsed = parseSliceMeta('x.dcm', bytes);
    if (parsed.kind !== 'slice') throw new Error(parsed.reason);
    await expect(decode(bytes, parsed.slice)).rejects.toThrow(
      'JPEG XL Lossless (1.2.840.10008.1.2.4.110): this build has no decoder for it',
    );
  });

  it('says the codec failed on a damaged bitstream rather than returning pixels', async () => {
    const image = IMAGES['signed 16-bit'] as TestImage;
    const bytes = buildDicom(image, '1.2.840.10008.1.2.4.80', [Uint8Array.from([0xff, 0xd8, 1, 2, 3, 4])]);
    const parsed = parseSliceMeta('x.dcm', bytes);
    if (parsed.kind !== 'slice') throw new Error(parsed.reason);
    await expect(decode(bytes, parsed.slice)).rejects.toThrow(
      /^JPEG-LS Lossless \(1\.2\.840\.10008\.1\.2\.4\.80\): the codec failed/,
    );
  });
});
