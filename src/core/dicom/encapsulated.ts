/**
 * The compressed bytes of one frame of encapsulated pixel data (JPEG, JPEG-LS, JPEG 2000, RLE),
 * cut out of the file the way Cornerstone's loader does, for a codec to decode.
 */
import dicomParser from 'dicom-parser';
import { errorMessage } from '../error-message';
import type { SliceMeta } from './slice-meta';
// dicom-parser types its byte arrays as Uint8Array | Buffer; here they are always Uint8Arrays.
import { PixelDecodeError } from './transfer-syntax';

export function encapsulatedFrame(bytes: Uint8Array, meta: SliceMeta, frame: number): Uint8Array {
  const fail = (reason: string): PixelDecodeError => new PixelDecodeError(meta.transferSyntaxUid, reason);
  if (frame < 0 || frame >= meta.numberOfFrames) {
    throw fail(`frame ${String(frame)} does not exist (${String(meta.numberOfFrames)} frames)`);
  }
  try {
    const dataSet = dicomParser.parseDicom(bytes);
    const element = dataSet.elements.x7fe00010;
    if (element?.encapsulatedPixelData !== true) throw fail('the pixel data is not encapsulated');
    const fragments = element.fragments ?? [];
    if (fragments.length === 0) throw fail('the pixel data has no fragments');
    if ((element.basicOffsetTable ?? []).length > 0) {
      return dicomParser.readEncapsulatedImageFrame(dataSet, element, frame) as Uint8Array;
    }
    // Without an offset table: one frame spans all fragments, or each frame is one fragment.
    if (meta.numberOfFrames === 1) {
      return dicomParser.readEncapsulatedPixelDataFromFragments(dataSet, element, 0, fragments.length) as Uint8Array;
    }
    if (fragments.length === meta.numberOfFrames) {
      return dicomParser.readEncapsulatedPixelDataFromFragments(dataSet, element, frame, 1) as Uint8Array;
    }
    // Frames split over several fragments with no table: find the frames by their JPEG start markers.
    const table = dicomParser.createJPEGBasicOffsetTable(dataSet, element);
    return dicomParser.readEncapsulatedImageFrame(dataSet, element, frame, table) as Uint8Array;
  } catch (error) {
    if (error instanceof PixelDecodeError) throw error;
    throw fail(`its frames could not be read (${errorMessage(error)})`);
  }
}
