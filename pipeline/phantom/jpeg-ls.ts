/**
 * Lossless JPEG-LS frames for the files the generator writes compressed (the demo study, precached
 * by the app for offline use): CharLS, the codec the page decodes them with, built with its encoder.
 */
import charls, { type CharlsModule } from '@cornerstonejs/codec-charls/wasmjs';
import type { FrameEncoder } from './dicom';

/** DICOM's transfer syntax for lossless JPEG-LS (ISO 14495-1, NEAR = 0). */
export const JPEG_LS_LOSSLESS = '1.2.840.10008.1.2.4.80';

let codec: Promise<CharlsModule> | undefined;

/** A lossless encoder for signed 16-bit frames (the codec loads once per thread). */
export async function jpegLsEncoder(): Promise<FrameEncoder> {
  codec ??= charls();
  const module = await codec;
  return (pixels, columns, rows) => {
    if (pixels.length !== columns * rows) {
      throw new Error(
        `a ${String(columns)}×${String(rows)} frame needs ${String(columns * rows)} pixels, not ${String(pixels.length)}`,
      );
    }
    const encoder = new module.JpegLSEncoder();
    try {
      encoder
        .getDecodedBuffer({ width: columns, height: rows, bitsPerSample: 16, componentCount: 1 })
        .set(new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength));
      encoder.setNearLossless(0);
      encoder.encode();
      // A copy: the codec's buffer lives in its heap and goes with `delete()`.
      return encoder.getEncodedBuffer().slice();
    } finally {
      encoder.delete();
    }
  };
}
