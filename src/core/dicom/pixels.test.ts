import { describe, expect, it } from 'vitest';
import { asExplicitLittleEndian, deflatedDataSetStart, inflatedFile, joinInflated } from './deflated';
import { coreDecoder, decodeCoreHu, decodeHu, nativeFrameHu, storedToHu } from './pixels';
import { parseSliceMeta, type SliceMeta } from './slice-meta';
import { buildDicom, type TestImage } from './test-dicom';
import {
  DEFLATED_LITTLE_ENDIAN,
  EXPLICIT_BIG_ENDIAN,
  EXPLICIT_LITTLE_ENDIAN,
  IMPLICIT_LITTLE_ENDIAN,
  PixelDecodeError,
} from './transfer-syntax';

function meta(bytes: Uint8Array, inflated?: Uint8Array): SliceMeta {
  const parsed = parseSliceMeta('test.dcm', bytes, inflated);
  if (parsed.kind !== 'slice') throw new Error(parsed.reason);
  return parsed.slice;
}

/** A 4 × 4 signed CT frame over the whole int16 range, air to metal. */
const SIGNED: TestImage = {
  rows: 4,
  columns: 4,
  bitsAllocated: 16,
  bitsStored: 16,
  pixelRepresentation: 1,
  frames: [[-32768, -2048, -1024, -1000, -500, -100, -1, 0, 1, 40, 60, 255, 256, 1000, 3071, 32767]],
};

const hu = (image: TestImage, frame = 0): number[] =>
  (image.frames[frame] ?? []).map((v) => v * (image.rescaleSlope ?? 1) + (image.rescaleIntercept ?? 0));

async function deflateRaw(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([new Uint8Array(data)]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function inflateRaw(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([new Uint8Array(data)]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe('decodeHu: native pixels', () => {
  it.each([
    ['implicit VR little endian', IMPLICIT_LITTLE_ENDIAN],
    ['explicit VR little endian', EXPLICIT_LITTLE_ENDIAN],
    ['explicit VR big endian', EXPLICIT_BIG_ENDIAN],
  ])('reads signed 16-bit %s exactly', (_, syntax) => {
    const bytes = buildDicom(SIGNED, syntax);
    const m = meta(bytes);
    expect(m.transferSyntaxUid).toBe(syntax);
    expect(Array.from(decodeHu(bytes, m) ?? [])).toEqual(hu(SIGNED));
  });

  it('reads a frame that starts at an odd byte, as in a file held inside a larger buffer', () => {
    for (const syntax of [EXPLICIT_LITTLE_ENDIAN, EXPLICIT_BIG_ENDIAN]) {
      const file = buildDicom(SIGNED, syntax);
      const held = new Uint8Array(file.length + 1);
      held.set(file, 1);
      const shifted = held.subarray(1);
      expect(Array.from(decodeHu(shifted, meta(shifted)) ?? [])).toEqual(hu(SIGNED));
    }
  });

  it.each([
    ['signed', 1, [-2147483648, -1024, -1, 0, 40, 2147483647]],
    ['unsigned', 0, [0, 1, 1024, 65536, 2147483648, 4294967295]],
  ] as const)('reads %s 32-bit words whole', (_, pixelRepresentation, values) => {
    const image: TestImage = {
      rows: 2,
      columns: 3,
      bitsAllocated: 32,
      bitsStored: 32,
      pixelRepresentation,
      frames: [[...values]],
    };
    for (const syntax of [EXPLICIT_LITTLE_ENDIAN, EXPLICIT_BIG_ENDIAN]) {
      const bytes = buildDicom(image, syntax);
      expect(Array.from(decodeHu(bytes, meta(bytes)) ?? [])).toEqual(values.map((v) => Math.fround(v)));
    }
  });

  it('reads big endian byte order, not little (a swapped value would be far off)', () => {
    const image: TestImage = { ...SIGNED, frames: [[0x0102, ...Array<number>(15).fill(0)]] };
    const bytes = buildDicom(image, EXPLICIT_BIG_ENDIAN);
    expect(decodeHu(bytes, meta(bytes))?.[0]).toBe(0x0102);
  });

  it('keeps only the stored bits of unsigned 12-bit pixels (overlay bits above are ignored)', () => {
    const stored = [0, 24, 1024, 1064, 4095, 2000, 3000, 1];
    const withOverlay = stored.map((v, i) => (i % 2 === 0 ? v | 0xf000 : v));
    const image: TestImage = {
      rows: 2,
      columns: 4,
      bitsAllocated: 16,
      bitsStored: 12,
      pixelRepresentation: 0,
      rescaleIntercept: -1024,
      frames: [withOverlay],
    };
    const bytes = buildDicom(image, EXPLICIT_LITTLE_ENDIAN);
    expect(Array.from(decodeHu(bytes, meta(bytes)) ?? [])).toEqual(stored.map((v) => v - 1024));
  });

  it('sign-extends signed 12-bit pixels', () => {
    // Two's complement in 12 bits: 0xC00 is −1024, 0xFFF is −1, 0x7FF is 2047.
    const image: TestImage = {
      rows: 1,
      columns: 4,
      bitsAllocated: 16,
      bitsStored: 12,
      pixelRepresentation: 1,
      frames: [[0xc00, 0xfff, 0x7ff, 0x028]],
    };
    const bytes = buildDicom(image, IMPLICIT_LITTLE_ENDIAN);
    expect(Array.from(decodeHu(bytes, meta(bytes)) ?? [])).toEqual([-1024, -1, 2047, 40]);
  });

  it('reads 8-bit pixels with a fractional rescale', () => {
    const image: TestImage = {
      rows: 2,
      columns: 2,
      bitsAllocated: 8,
      bitsStored: 8,
      pixelRepresentation: 0,
      rescaleSlope: 8.027451,
      rescaleIntercept: -1057,
      frames: [[0, 1, 128, 255]],
    };
    for (const syntax of [EXPLICIT_LITTLE_ENDIAN, EXPLICIT_BIG_ENDIAN, IMPLICIT_LITTLE_ENDIAN]) {
      const bytes = buildDicom(image, syntax);
      const values = Array.from(decodeHu(bytes, meta(bytes)) ?? []);
      hu(image).forEach((v, i) => {
        expect(values[i]).toBeCloseTo(v, 3);
      });
    }
  });

  it('reads each frame of a multi-frame file, and refuses a frame it does not have', () => {
    const image: TestImage = {
      ...SIGNED,
      frames: [SIGNED.frames[0] ?? [], (SIGNED.frames[0] ?? []).map((v) => -v - 1), Array<number>(16).fill(7)],
    };
    for (const syntax of [EXPLICIT_LITTLE_ENDIAN, EXPLICIT_BIG_ENDIAN]) {
      const bytes = buildDicom(image, syntax);
      const m = meta(bytes);
      expect(m.numberOfFrames).toBe(3);
      for (let f = 0; f < 3; f++) expect(Array.from(decodeHu(bytes, m, f) ?? [])).toEqual(hu(image, f));
      expect(() => decodeHu(bytes, m, 3)).toThrow(/frame 3 does not exist \(3 frames\)/);
    }
  });

  it('refuses colour pixels and odd bit depths, naming the transfer syntax', () => {
    const colour = buildDicom(
      { ...SIGNED, samplesPerPixel: 3, frames: [Array<number>(48).fill(0)] },
      EXPLICIT_LITTLE_ENDIAN,
    );
    expect(() => decodeHu(colour, meta(colour))).toThrow(
      'Explicit VR Little Endian (1.2.840.10008.1.2.1): 3 samples per pixel (colour); only greyscale CT is read',
    );
  });

  it('refuses a frame cut short rather than reading past it', () => {
    const bytes = buildDicom(SIGNED, EXPLICIT_LITTLE_ENDIAN);
    const m = meta(bytes);
    expect(() => nativeFrameHu(bytes, { ...m, rows: 8 })).toThrow(PixelDecodeError);
  });
});

describe('decodeHu: deflated files', () => {
  async function deflatedFile(image: TestImage): Promise<Uint8Array> {
    // Written as explicit little endian under the deflated UID, then its data set deflated.
    const plain = buildDicom(image, DEFLATED_LITTLE_ENDIAN);
    const start = deflatedDataSetStart(plain);
    if (start === null) throw new Error('no deflated data set');
    return joinInflated(plain, start, await deflateRaw(plain.subarray(start)));
  }

  it('finds where the deflated data set starts, and nothing in other files', async () => {
    const file = await deflatedFile(SIGNED);
    expect(deflatedDataSetStart(file)).toBeGreaterThan(132);
    expect(deflatedDataSetStart(buildDicom(SIGNED, EXPLICIT_LITTLE_ENDIAN))).toBeNull();
    expect(deflatedDataSetStart(new Uint8Array(10))).toBeNull();
  });

  it('reads the pixels after an async inflate, as the page does', async () => {
    const file = await deflatedFile(SIGNED);
    const inflated = await inflatedFile(file, inflateRaw);
    const m = meta(file, inflated);
    expect(m.transferSyntaxUid).toBe(DEFLATED_LITTLE_ENDIAN);
    expect(Array.from(nativeFrameHu(inflated, m))).toEqual(hu(SIGNED));
  });

  it("reads them through src/core's decoder when it is given an inflater, and says so when it is not", async () => {
    const file = await deflatedFile(SIGNED);
    const m = meta(file, await inflatedFile(file, inflateRaw));
    expect(decodeHu(file, m)).toBeNull();
    expect(Array.from(await coreDecoder(inflateRaw)(file, m))).toEqual(hu(SIGNED));
    await expect(decodeCoreHu(file, m)).rejects.toThrow(
      'Deflated Explicit VR Little Endian (1.2.840.10008.1.2.1.99): no inflater was given to read it',
    );
  });
});

describe('a deflated file relabelled for readers that cannot inflate', () => {
  it('is an explicit little endian file with the same header values and pixels', async () => {
    const plain = buildDicom(SIGNED, DEFLATED_LITTLE_ENDIAN);
    const start = deflatedDataSetStart(plain) as number;
    const file = joinInflated(plain, start, await deflateRaw(plain.subarray(start)));
    const relabelled = asExplicitLittleEndian(await inflatedFile(file, inflateRaw));
    const m = meta(relabelled);
    expect(m.transferSyntaxUid).toBe(EXPLICIT_LITTLE_ENDIAN);
    expect({ ...m, transferSyntaxUid: '', pixelData: null }).toEqual({
      ...meta(file, await inflatedFile(file, inflateRaw)),
      transferSyntaxUid: '',
      pixelData: null,
    });
    expect(Array.from(decodeHu(relabelled, m) ?? [])).toEqual(hu(SIGNED));
  });
});

describe('decodeCoreHu: what src/core cannot decode alone', () => {
  it('rejects compressed frames with an error naming the transfer syntax', async () => {
    const bytes = buildDicom(SIGNED, '1.2.840.10008.1.2.4.80', [Uint8Array.from([0xff, 0xd8, 0xff, 0xd9])]);
    const m = meta(bytes);
    expect(decodeHu(bytes, m)).toBeNull();
    await expect(decodeCoreHu(bytes, m)).rejects.toThrow(
      'JPEG-LS Lossless (1.2.840.10008.1.2.4.80): compressed frames need a codec, which this reader lacks',
    );
  });

  it('says when no decoder exists for a syntax at all', async () => {
    const bytes = buildDicom(SIGNED, '1.2.840.10008.1.2.4.110', [Uint8Array.from([1, 2])]);
    await expect(decodeCoreHu(bytes, meta(bytes))).rejects.toThrow(
      'JPEG XL Lossless (1.2.840.10008.1.2.4.110): this build has no decoder for it',
    );
  });
});

describe('storedToHu', () => {
  it('gives codec output (already sign-extended) and raw words the same HU', () => {
    const m = { bitsAllocated: 16, bitsStored: 12, pixelRepresentation: 1, rescaleSlope: 2, rescaleIntercept: 5 };
    const fromCodec = storedToHu(Int16Array.from([-1024, -1, 2047]), m as SliceMeta);
    const fromWords = storedToHu(Uint16Array.from([0xfc00, 0xffff, 0x07ff]), m as SliceMeta);
    expect(Array.from(fromCodec)).toEqual([-2043, 3, 4099]);
    expect(Array.from(fromWords)).toEqual(Array.from(fromCodec));
  });
});
