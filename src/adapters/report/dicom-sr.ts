/**
 * Encodes the finding's Structured Report (src/core/report/sr-content) as a DICOM Part 10 file
 * with dcmjs: explicit VR little endian, with the file meta information a PACS or viewer needs
 * to import it.
 */
import dcmjs from 'dcmjs';
import type { Finding } from '../../core/report/finding';
import { COMPREHENSIVE_SR_STORAGE, srDataset, type SrIds } from '../../core/report/sr-content';

const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
/** This writer's implementation UID, under the UUID root 2.25 (fixed: it names the code, not the file). */
const IMPLEMENTATION_CLASS_UID = '2.25.69563394632023614698817938839456883613';
const IMPLEMENTATION_VERSION_NAME = 'LIVERLESION_SR1';

/** A new UID under 2.25: the decimal value of a random (version 4) UUID, as PS3.5 B.2 allows. */
export function newUid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  return `2.25.${value.toString()}`;
}

/** The SR as Part 10 bytes; new instance and series UIDs unless given (tests pass fixed ones). */
export function writeFindingSr(finding: Finding, ids?: SrIds): Uint8Array {
  const { sopInstanceUid, seriesInstanceUid } = ids ?? { sopInstanceUid: newUid(), seriesInstanceUid: newUid() };
  const dataset = srDataset(finding, { sopInstanceUid, seriesInstanceUid });
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: COMPREHENSIVE_SR_STORAGE,
    MediaStorageSOPInstanceUID: sopInstanceUid,
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: IMPLEMENTATION_VERSION_NAME,
  };
  const dict = new dcmjs.data.DicomDict(dcmjs.data.DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = dcmjs.data.DicomMetaDictionary.denaturalizeDataset(dataset);
  return new Uint8Array(dict.write());
}
