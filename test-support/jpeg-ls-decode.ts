/** One JPEG-LS frame decoded by CharLS (the codec the page uses), for tests of what the pipeline writes. */
import charls from '@cornerstonejs/codec-charls/wasmjs';

export async function decodeJpegLs(encoded: Uint8Array): Promise<{ bytes: Uint8Array; width: number; height: number }> {
  const codec = await charls();
  const decoder = new codec.JpegLSDecoder();
  try {
    decoder.getEncodedBuffer(encoded.length).set(encoded);
    decoder.decode();
    const { width, height } = decoder.getFrameInfo();
    // A copy: the decoder's buffer lives in the codec's heap and goes with `delete()`.
    return { bytes: decoder.getDecodedBuffer().slice(), width, height };
  } finally {
    decoder.delete();
  }
}
