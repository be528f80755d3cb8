/**
 * Writes one phantom phase as a CT Image Storage series with dcmjs: one file per slice, explicit
 * VR little endian, signed 16-bit pixels with the study's rescale intercept.
 */
import dcmjs from 'dcmjs';
import type { Phase } from '../../src/core/labels';
import { roundToMicrometre, sliceZ, type AxialGrid } from './grid';

export const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
/** Our implementation's UID, under the UUID-derived root 2.25 (fixed, so output is reproducible). */
const IMPLEMENTATION_CLASS_UID = '2.25.247396418215862347817530498871265133761';

export interface SeriesHeader {
  readonly phase: Phase;
  readonly seriesNumber: number;
  readonly seriesInstanceUid: string;
  readonly description: string;
  /** DICOM TM, or undefined when the study's export stripped timing. */
  readonly acquisitionTime: string | undefined;
  readonly contrast: { readonly agent: string; readonly startTime: string | undefined } | undefined;
  /** One UID per slice. */
  readonly sopInstanceUids: readonly string[];
  /** 1, unless this phase is one of several acquisitions stored in one series. */
  readonly acquisitionNumber?: number;
  /** InstanceNumber of the first slice: acquisitions sharing a series number on from each other. */
  readonly firstInstanceNumber?: number;
}

export interface StudyHeader {
  readonly studyInstanceUid: string;
  readonly frameOfReferenceUid: string;
  readonly patientName: string;
  readonly patientId: string;
  readonly patientBirthDate: string;
  readonly patientSex: 'M' | 'F';
  readonly studyDate: string;
  readonly studyTime: string;
  readonly accessionNumber: string;
  readonly studyId: string;
  readonly rescaleIntercept: number;
  readonly kvp: number;
}

/** HU → stored value: round, remove the intercept, clamp to int16. */
export function toStored(hu: Float32Array, intercept: number): Int16Array {
  const stored = new Int16Array(hu.length);
  for (let i = 0; i < hu.length; i++) {
    // floor(x + 0.5) is Math.round for every value here, and cheaper.
    const v = Math.floor((hu[i] as number) + 0.5) - intercept;
    stored[i] = v < -32768 ? -32768 : v > 32767 ? 32767 : v;
  }
  return stored;
}

/** The header of Pixel Data (7FE0,0010), explicit VR little endian, followed by `extra` bytes. */
function pixelDataHeader(vr: 'OW' | 'OB', length: number, extra: number): { element: Uint8Array; view: DataView } {
  const element = new Uint8Array(12 + extra);
  const view = new DataView(element.buffer);
  view.setUint16(0, 0x7fe0, true);
  view.setUint16(2, 0x0010, true);
  element[4] = vr.charCodeAt(0);
  element[5] = vr.charCodeAt(1);
  view.setUint32(8, length, true);
  return { element, view };
}

/**
 * The Pixel Data element, OW, native. dcmjs writes the rest of the data set; appending the pixels
 * ourselves (Pixel Data is the last element of a CT image) avoids dcmjs copying 512 KiB value by
 * value, which made it ten times slower than everything else.
 */
export function pixelDataElement(pixels: Int16Array): Uint8Array {
  const { element } = pixelDataHeader('OW', pixels.byteLength, pixels.byteLength);
  element.set(new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength), 12);
  return element;
}

/**
 * Pixel Data encapsulated (PS3.5 A.4): OB of undefined length, an empty Basic Offset Table, the
 * frame as one fragment (padded to even length), the sequence delimiter.
 */
function encapsulatedPixelDataElement(frame: Uint8Array): Uint8Array {
  const padded = frame.byteLength + (frame.byteLength % 2);
  const { element, view } = pixelDataHeader('OB', 0xffffffff, 8 + 8 + padded + 8);
  const item = (at: number, length: number, last = false): void => {
    view.setUint16(at, 0xfffe, true);
    view.setUint16(at + 2, last ? 0xe0dd : 0xe000, true);
    view.setUint32(at + 4, length, true);
  };
  item(12, 0);
  item(20, padded);
  element.set(frame, 28);
  item(28 + padded, 0, true);
  return element;
}

/** Compresses one frame of stored values (columns × rows) into a transfer syntax's bytes. */
export type FrameEncoder = (pixels: Int16Array, columns: number, rows: number) => Uint8Array;

/** How the pixels are stored: native (explicit VR little endian), or compressed by `encode`. */
export interface PixelEncoding {
  readonly transferSyntaxUid: string;
  readonly encode: FrameEncoder;
}

/**
 * What every phantom image says about its patient, study, series, equipment and contrast,
 * whether written one file per slice or as one multi-frame file (multi-frame.ts).
 */
export function seriesAttributes(study: StudyHeader, series: SeriesHeader): Record<string, unknown> {
  return {
    AccessionNumber: study.accessionNumber,
    Modality: 'CT',
    Manufacturer: 'Phantom Generator',
    ManufacturerModelName: 'lesion-patterns.md',
    ReferringPhysicianName: '',
    StudyDescription: 'CT ABDOMEN LIVER MULTIPHASE (synthetic phantom)',
    SeriesDescription: series.description,
    PatientName: study.patientName,
    PatientID: study.patientId,
    PatientBirthDate: study.patientBirthDate,
    PatientSex: study.patientSex,
    PatientIdentityRemoved: 'YES',
    // Type 1C once identity is marked removed: say how (there never was a patient).
    DeidentificationMethod: 'Synthetic phantom: no patient data',
    ...(series.contrast === undefined
      ? {}
      : {
          ContrastBolusAgent: series.contrast.agent,
          ContrastBolusRoute: 'IV',
          ...(series.contrast.startTime === undefined ? {} : { ContrastBolusStartTime: series.contrast.startTime }),
        }),
    BodyPartExamined: 'ABDOMEN',
    PatientPosition: 'FFS',
    StudyInstanceUID: study.studyInstanceUid,
    SeriesInstanceUID: series.seriesInstanceUid,
    StudyID: study.studyId,
    SeriesNumber: series.seriesNumber,
    FrameOfReferenceUID: study.frameOfReferenceUid,
    PositionReferenceIndicator: '',
  };
}

/**
 * A Part 10 file: the meta header and `dataset` written by dcmjs (which orders elements by tag),
 * then the Pixel Data element, the data set's last.
 */
export function part10File(
  dataset: Record<string, unknown>,
  transferSyntaxUid: string,
  pixelElement: Uint8Array,
): Uint8Array {
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: dataset.SOPClassUID,
    MediaStorageSOPInstanceUID: dataset.SOPInstanceUID,
    TransferSyntaxUID: transferSyntaxUid,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: 'LIVERPHANTOM1',
  };
  const dict = new dcmjs.data.DicomDict(dcmjs.data.DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = dcmjs.data.DicomMetaDictionary.denaturalizeDataset(dataset);
  const head = new Uint8Array(dict.write());
  const file = new Uint8Array(head.byteLength + pixelElement.byteLength);
  file.set(head, 0);
  file.set(pixelElement, head.byteLength);
  return file;
}

/** One file per slice: [file name, bytes]. */
export function* seriesFiles(
  study: StudyHeader,
  series: SeriesHeader,
  grid: AxialGrid,
  stored: Int16Array,
  encoding?: PixelEncoding,
): Generator<[string, Uint8Array]> {
  const sliceSize = grid.columns * grid.rows;
  for (let k = 0; k < grid.slices; k++) {
    const sopInstanceUid = series.sopInstanceUids[k];
    if (sopInstanceUid === undefined) throw new Error(`missing SOPInstanceUID for slice ${k}`);
    const z = roundToMicrometre(sliceZ(grid, k));
    const pixels = stored.subarray(k * sliceSize, (k + 1) * sliceSize);
    const dataset: Record<string, unknown> = {
      SpecificCharacterSet: 'ISO_IR 100',
      ImageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'],
      SOPClassUID: CT_IMAGE_STORAGE,
      SOPInstanceUID: sopInstanceUid,
      StudyDate: study.studyDate,
      SeriesDate: study.studyDate,
      AcquisitionDate: study.studyDate,
      ContentDate: study.studyDate,
      StudyTime: study.studyTime,
      ...(series.acquisitionTime === undefined
        ? {}
        : {
            SeriesTime: series.acquisitionTime,
            AcquisitionTime: series.acquisitionTime,
            ContentTime: series.acquisitionTime,
          }),
      ...seriesAttributes(study, series),
      SliceThickness: grid.sliceSpacing,
      KVP: study.kvp,
      AcquisitionNumber: series.acquisitionNumber ?? 1,
      InstanceNumber: (series.firstInstanceNumber ?? 1) + k,
      ImagePositionPatient: [roundToMicrometre(grid.x0), roundToMicrometre(grid.y0), z],
      ImageOrientationPatient: [1, 0, 0, 0, 1, 0],
      SliceLocation: z,
      SamplesPerPixel: 1,
      PhotometricInterpretation: 'MONOCHROME2',
      Rows: grid.rows,
      Columns: grid.columns,
      PixelSpacing: [roundToMicrometre(grid.pixelSpacing), roundToMicrometre(grid.pixelSpacing)],
      BitsAllocated: 16,
      BitsStored: 16,
      HighBit: 15,
      PixelRepresentation: 1,
      WindowCenter: 40,
      WindowWidth: 400,
      RescaleIntercept: study.rescaleIntercept,
      RescaleSlope: 1,
      RescaleType: 'HU',
    };
    const name = `IM${String((series.firstInstanceNumber ?? 1) + k).padStart(4, '0')}.dcm`;
    const pixelElement =
      encoding === undefined
        ? pixelDataElement(pixels)
        : encapsulatedPixelDataElement(encoding.encode(pixels, grid.columns, grid.rows));
    yield [name, part10File(dataset, encoding?.transferSyntaxUid ?? EXPLICIT_VR_LITTLE_ENDIAN, pixelElement)];
  }
}
