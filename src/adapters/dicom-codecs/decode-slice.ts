/**
 * HU of any CT slice the page can open: native and deflated pixels through src/core, compressed
 * frames (JPEG, JPEG-LS, JPEG 2000, RLE) through the codecs Cornerstone's DICOM image loader
 * bundles (WASM served by Vite from the app's own origin; nothing is fetched from elsewhere), so
 * the classifier reads the very values the viewer shows. The one entry point is `decodeSliceHu`.
 */
import { decodeImageFrame } from '@cornerstonejs/dicom-image-loader';
import { encapsulatedFrame } from '../../core/dicom/encapsulated';
import { errorMessage } from '../../core/error-message';
import { coreDecoder, storedToHu, type SliceDecoder } from '../../core/dicom/pixels';
import type { SliceMeta } from '../../core/dicom/slice-meta';
import { PixelDecodeError, transferSyntax } from '../../core/dicom/transfer-syntax';
import { correctLevelShift, jpegPrecision } from './jpeg12';

const JPEG_EXTENDED = '1.2.840.10008.1.2.4.51';

/** Raw inflate (RFC 1951) with the platform's DecompressionStream (browsers, Node ≥ 20). */
export async function inflateRaw(deflated: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([new Uint8Array(deflated)]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Where the codecs' .wasm files are; only Node needs it (a bundler resolves them in the page). */
export interface CodecConfig {
  readonly wasmBasePath?: string;
}

/** The part of Cornerstone's (untyped) decodeImageFrame this adapter relies on. */
type DecodeImageFrame = (
  imageFrame: {
    rows: number;
    columns: number;
    bitsAllocated: number;
    bitsStored: number;
    pixelRepresentation: number;
    samplesPerPixel: number;
    photometricInterpretation: string;
    planarConfiguration: number;
  },
  transferSyntaxUid: string,
  pixelData: Uint8Array,
  decodeConfig: CodecConfig | undefined,
  options: { preScale: { enabled: false } },
) => Promise<{ pixelData: DecodedSamples }>;

type DecodedSamples = { [i: number]: number; readonly length: number };
const decodeFrame = decodeImageFrame as DecodeImageFrame;

/**
 * One codec call at a time: the WASM codecs keep one decoder each and hand back views of its
 * memory, which a second decode running in between would overwrite before they are copied.
 */
let queue: Promise<unknown> = Promise.resolve();
function serialised<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

async function decodeCompressed(bytes: Uint8Array, meta: SliceMeta, frame: number, config: CodecConfig) {
  const uid = meta.transferSyntaxUid;
  if (!transferSyntax(uid).decoded) throw new PixelDecodeError(uid, 'this build has no decoder for it');
  if (meta.samplesPerPixel !== 1) {
    throw new PixelDecodeError(
      uid,
      `${String(meta.samplesPerPixel)} samples per pixel (colour); only greyscale CT is read`,
    );
  }
  const compressed = encapsulatedFrame(bytes, meta, frame);
  const precision = uid === JPEG_EXTENDED ? jpegPrecision(compressed) : null;
  if (precision !== null && precision > 8 && meta.pixelRepresentation === 1) {
    // The decoder's level-shift error (jpeg12.ts) can only be undone before sign extension.
    throw new PixelDecodeError(uid, 'signed 12-bit lossy JPEG is not read (the bundled decoder shifts its values)');
  }
  // The codec's output is copied (storedToHu) inside the same turn of the queue: another decode
  // may start the moment the queue moves on, and would overwrite a view of the codec's memory.
  return serialised(async () => {
    let decoded: { pixelData: DecodedSamples };
    try {
      decoded = await decodeFrame(
        {
          rows: meta.rows,
          columns: meta.columns,
          bitsAllocated: meta.bitsAllocated,
          bitsStored: meta.bitsStored,
          pixelRepresentation: meta.pixelRepresentation,
          samplesPerPixel: 1,
          photometricInterpretation: meta.photometricInterpretation,
          planarConfiguration: 0,
        },
        uid,
        compressed,
        config.wasmBasePath === undefined ? undefined : { wasmBasePath: config.wasmBasePath },
        // Stored values back, unscaled: src/core applies the rescale, as for every other syntax.
        { preScale: { enabled: false } },
      );
    } catch (error) {
      throw new PixelDecodeError(uid, `the codec failed (${errorMessage(error)})`);
    }
    const expected = meta.rows * meta.columns;
    if (decoded.pixelData.length !== expected) {
      throw new PixelDecodeError(
        uid,
        `the codec returned ${String(decoded.pixelData.length)} pixels for a ${String(meta.rows)} × ${String(meta.columns)} image`,
      );
    }
    if (precision !== null) correctLevelShift(decoded.pixelData, precision);
    return storedToHu(decoded.pixelData, meta);
  });
}

/** A SliceDecoder for every syntax this build reads; `config` only for Node (tests). */
export function codecDecoder(config: CodecConfig = {}): SliceDecoder {
  const native = coreDecoder(inflateRaw);
  return (bytes, meta, frame = meta.frame) =>
    transferSyntax(meta.transferSyntaxUid).encoding === 'encapsulated'
      ? decodeCompressed(bytes, meta, frame, config)
      : native(bytes, meta, frame);
}

/**
 * HU of one frame of a slice, in any transfer syntax the page reads; rejects with an Error that
 * names the transfer syntax when it cannot.
 */
export const decodeSliceHu: SliceDecoder = codecDecoder();
