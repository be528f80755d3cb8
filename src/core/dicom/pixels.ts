/**
 * HU of one frame of a CT slice. Native pixels (implicit or explicit VR little endian, explicit
 * big endian, 8/16/32 bits, signed or unsigned, any frame of a multi-frame file) are read here,
 * with no browser or Node API, so the pipeline and the page read them identically. Deflated
 * files need their data set inflated first; encapsulated (compressed) frames need a codec, which
 * src/adapters/dicom-codecs supplies in the page. Stored values become HU through one function,
 * `storedToHu`, whichever way they were decoded.
 */
import { inflatedFile, type InflateRaw } from './deflated';
import type { SliceMeta } from './slice-meta';
import { PixelDecodeError, transferSyntax } from './transfer-syntax';

/** Decodes an image to HU (its own frame unless `frame` says another), or throws an Error that names the transfer syntax. */
export type SliceDecoder = (bytes: Uint8Array, meta: SliceMeta, frame?: number) => Promise<Float32Array>;

function bytesPerSample(meta: SliceMeta): 1 | 2 | 4 {
  if (meta.bitsAllocated === 8 || meta.bitsAllocated === 16 || meta.bitsAllocated === 32) {
    return (meta.bitsAllocated / 8) as 1 | 2 | 4;
  }
  throw new PixelDecodeError(meta.transferSyntaxUid, `${String(meta.bitsAllocated)}-bit pixels are not read`);
}

/** Refuses what is not a greyscale image: a colour frame read as CT would be a silent wrong answer. */
function checkGreyscale(meta: SliceMeta): void {
  if (meta.samplesPerPixel !== 1) {
    throw new PixelDecodeError(
      meta.transferSyntaxUid,
      `${String(meta.samplesPerPixel)} samples per pixel (colour); only greyscale CT is read`,
    );
  }
}

/**
 * Stored values → HU: only the BitsStored low bits count (the rest may hold overlays), sign
 * extended when PixelRepresentation is 1, then the modality rescale.
 */
export function storedToHu(stored: ArrayLike<number>, meta: SliceMeta): Float32Array {
  const bits = Math.min(meta.bitsStored, meta.bitsAllocated);
  const slope = meta.rescaleSlope;
  const intercept = meta.rescaleIntercept;
  const hu = new Float32Array(stored.length);
  // One plain loop per case: every native slice the page reads (phase cues, alignment, crops)
  // passes through here, and a study's phase cues wait on it before the phases are shown.
  if (bits >= 32) {
    for (let i = 0; i < hu.length; i++) hu[i] = (stored[i] as number) * slope + intercept;
  } else if (meta.pixelRepresentation === 1) {
    const shift = 32 - bits;
    for (let i = 0; i < hu.length; i++) hu[i] = (((stored[i] as number) << shift) >> shift) * slope + intercept;
  } else {
    const mask = 2 ** bits - 1;
    for (let i = 0; i < hu.length; i++) hu[i] = (((stored[i] as number) & mask) >>> 0) * slope + intercept;
  }
  return hu;
}

/**
 * HU of frame `frame` from native pixel bytes. `dataSetBytes` are the file's bytes, or for a
 * deflated file the meta header followed by the inflated data set (what SliceMeta's offsets
 * point into).
 */
export function nativeFrameHu(dataSetBytes: Uint8Array, meta: SliceMeta, frame = meta.frame): Float32Array {
  const syntax = transferSyntax(meta.transferSyntaxUid);
  if (syntax.encoding === 'encapsulated') {
    throw new PixelDecodeError(meta.transferSyntaxUid, 'compressed frames need a codec');
  }
  checkGreyscale(meta);
  const size = bytesPerSample(meta);
  const count = meta.rows * meta.columns;
  if (frame < 0 || frame >= meta.numberOfFrames || !Number.isInteger(frame)) {
    throw new PixelDecodeError(
      meta.transferSyntaxUid,
      `frame ${String(frame)} does not exist (${String(meta.numberOfFrames)} frames)`,
    );
  }
  const start = meta.pixelData.offset + frame * count * size;
  if (
    start + count * size > meta.pixelData.offset + meta.pixelData.length ||
    start + count * size > dataSetBytes.byteLength
  ) {
    throw new PixelDecodeError(meta.transferSyntaxUid, 'the pixel data ends early');
  }
  const stored = storedWords(
    dataSetBytes,
    start,
    count,
    size,
    syntax.bigEndian !== true,
    meta.pixelRepresentation === 1,
  );
  return storedToHu(stored, meta);
}

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The frame's allocated words (storedToHu keeps the BitsStored bits and their sign): a typed view
 * of the bytes where their order is the machine's, copied out first where the frame does not start
 * on a multiple of the word size; word by word otherwise.
 */
function storedWords(
  bytes: Uint8Array,
  start: number,
  count: number,
  size: 1 | 2 | 4,
  little: boolean,
  signed: boolean,
): ArrayLike<number> {
  if (size === 1) return bytes.subarray(start, start + count);
  if (little === HOST_LITTLE_ENDIAN) {
    const offset = bytes.byteOffset + start;
    const aligned = offset % size === 0;
    const buffer = aligned ? bytes.buffer : bytes.slice(start, start + count * size).buffer;
    const at = aligned ? offset : 0;
    if (size === 2) return new Uint16Array(buffer, at, count);
    return signed ? new Int32Array(buffer, at, count) : new Uint32Array(buffer, at, count);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + start, count * size);
  const words = size === 2 ? new Uint16Array(count) : signed ? new Int32Array(count) : new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    words[i] =
      size === 2
        ? view.getUint16(i * 2, little)
        : signed
          ? view.getInt32(i * 4, little)
          : view.getUint32(i * 4, little);
  }
  return words;
}

/**
 * HU of one frame, synchronously, for what src/core reads alone: native pixels. Null for
 * compressed frames (they need a codec) and deflated files (they need an inflater first: see
 * `coreDecoder`); throws PixelDecodeError for pixels no decoder can read (colour, a missing
 * frame, odd bit depths, a short file).
 */
export function decodeHu(bytes: Uint8Array, meta: SliceMeta, frame = meta.frame): Float32Array | null {
  const { encoding } = transferSyntax(meta.transferSyntaxUid);
  return encoding === 'native' ? nativeFrameHu(bytes, meta, frame) : null;
}

/**
 * src/core's own SliceDecoder: native pixels, and deflated ones when given an inflater. It
 * rejects compressed frames with an error naming their syntax (the page adds codecs on top).
 */
export function coreDecoder(inflate?: InflateRaw): SliceDecoder {
  return async (bytes, meta, frame = meta.frame) => {
    const { encoding, decoded } = transferSyntax(meta.transferSyntaxUid);
    if (encoding === 'native') return nativeFrameHu(bytes, meta, frame);
    if (encoding === 'deflated' && inflate !== undefined) {
      return nativeFrameHu(await inflatedFile(bytes, inflate), meta, frame);
    }
    const reason =
      encoding === 'deflated'
        ? 'no inflater was given to read it'
        : decoded
          ? 'compressed frames need a codec, which this reader lacks'
          : 'this build has no decoder for it';
    throw new PixelDecodeError(meta.transferSyntaxUid, reason);
  };
}

/** Native pixels only: what the Node pipeline reads when it is given no inflater. */
export const decodeCoreHu: SliceDecoder = coreDecoder();
