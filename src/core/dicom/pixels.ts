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
  const signed = meta.pixelRepresentation === 1;
  const shift = 32 - bits;
  const mask = bits >= 32 ? -1 : 2 ** bits - 1;
  const hu = new Float32Array(stored.length);
  for (let i = 0; i < stored.length; i++) {
    const raw = stored[i] as number;
    let value = raw;
    if (bits < 32) value = signed ? (raw << shift) >> shift : (raw & mask) >>> 0;
    hu[i] = value * meta.rescaleSlope + meta.rescaleIntercept;
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
  const view = new DataView(dataSetBytes.buffer, dataSetBytes.byteOffset + start, count * size);
  const little = syntax.bigEndian !== true;
  const signed = meta.pixelRepresentation === 1;
  // Read the full allocated word; storedToHu keeps the BitsStored bits and their sign.
  const stored = size === 4 ? new Float64Array(count) : new Int32Array(count);
  for (let i = 0; i < count; i++) {
    stored[i] =
      size === 1
        ? view.getUint8(i)
        : size === 2
          ? view.getUint16(i * 2, little)
          : signed
            ? view.getInt32(i * 4, little)
            : view.getUint32(i * 4, little);
  }
  return storedToHu(stored, meta);
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
