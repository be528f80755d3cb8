import type { SliceMeta } from './slice-meta';

const UNCOMPRESSED_LITTLE_ENDIAN = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1']);

/**
 * HU of a single-frame, uncompressed little-endian 16-bit slice (what the pipeline and the
 * content-based phase detector read directly); null for other encodings, which go through
 * Cornerstone's decoders in the browser.
 */
export function decodeHu(bytes: Uint8Array, meta: SliceMeta): Float32Array | null {
  if (
    !UNCOMPRESSED_LITTLE_ENDIAN.has(meta.transferSyntaxUid) ||
    meta.bitsAllocated !== 16 ||
    meta.numberOfFrames !== 1
  ) {
    return null;
  }
  const count = meta.rows * meta.columns;
  if (meta.pixelData.offset + count * 2 > bytes.byteLength) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset + meta.pixelData.offset, count * 2);
  const hu = new Float32Array(count);
  const signed = meta.pixelRepresentation === 1;
  for (let i = 0; i < count; i++) {
    const raw = signed ? view.getInt16(i * 2, true) : view.getUint16(i * 2, true);
    hu[i] = raw * meta.rescaleSlope + meta.rescaleIntercept;
  }
  return hu;
}
