/**
 * What the viewer and the dataset builder need to know about one DICOM file, read with
 * dicom-parser (pure JavaScript, the parser Cornerstone's loader uses too). Files that are not
 * images (DICOMDIR, text, thumbnails, truncated files) come back as `skipped` with the reason.
 */
import dicomParser from 'dicom-parser';
import { patientMm, type PatientMm, type Vec3 } from '../geometry';

export interface SliceMeta {
  readonly fileName: string;
  readonly sopInstanceUid: string;
  readonly sopClassUid: string;
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly frameOfReferenceUid: string | undefined;
  readonly modality: string;
  readonly seriesNumber: number | undefined;
  readonly seriesDescription: string;
  readonly instanceNumber: number | undefined;
  readonly imagePositionPatient: PatientMm | undefined;
  /** Row direction then column direction (ImageOrientationPatient). */
  readonly imageOrientationPatient: readonly [Vec3, Vec3] | undefined;
  /** [between rows, between columns] in mm (DICOM order). */
  readonly pixelSpacing: readonly [number, number] | undefined;
  readonly sliceThickness: number | undefined;
  readonly rows: number;
  readonly columns: number;
  readonly numberOfFrames: number;
  readonly rescaleSlope: number;
  readonly rescaleIntercept: number;
  readonly transferSyntaxUid: string;
  /** Seconds since midnight. */
  readonly acquisitionTime: number | undefined;
  readonly contrastBolusAgent: string | undefined;
  readonly contrastBolusStartTime: number | undefined;
  readonly bitsAllocated: number;
  readonly pixelRepresentation: number;
  /** Where the (uncompressed) pixel bytes are in the file. */
  readonly pixelData: { readonly offset: number; readonly length: number };
}

export type ParsedFile =
  | { readonly kind: 'slice'; readonly slice: SliceMeta }
  | { readonly kind: 'skipped'; readonly fileName: string; readonly reason: string };

const DICOMDIR_SOP_CLASS = '1.2.840.10008.1.3.10';

/** DICOM TM (HHMMSS.FFFFFF, or the old HH:MM:SS) → seconds since midnight. */
export function parseDicomTime(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim().replace(/:/g, '');
  const match = /^(\d{2})(\d{2})?(\d{2})?(\.\d+)?$/.exec(text);
  if (match === null) return undefined;
  const [, hh, mm = '0', ss = '0', fraction = ''] = match;
  return Number(hh) * 3600 + Number(mm) * 60 + Number(ss) + (fraction === '' ? 0 : Number(fraction));
}

export function parseSliceMeta(fileName: string, bytes: Uint8Array): ParsedFile {
  const skip = (reason: string): ParsedFile => ({ kind: 'skipped', fileName, reason });
  if (bytes.length === 0) return skip('empty file');
  let dataSet: dicomParser.DataSet;
  try {
    dataSet = dicomParser.parseDicom(bytes);
  } catch (error) {
    const message = parserMessage(error);
    if (/DICM/.test(message)) return skip('not a DICOM file');
    if (/overrun|beyond the end|end of buffer/i.test(message)) return skip('truncated (the file ends early)');
    return skip(`unreadable DICOM (${message.replace(/^dicomParser\.\w+: /, '')})`);
  }
  const text = (tag: string): string | undefined => {
    const value = dataSet.string(tag);
    return value === undefined || value === '' ? undefined : value;
  };
  const number = (tag: string, index = 0): number | undefined => {
    const value = dataSet.floatString(tag, index);
    return value === undefined || !Number.isFinite(value) ? undefined : value;
  };
  const sopClassUid = text('x00080016') ?? text('x00020002') ?? '';
  if (sopClassUid === DICOMDIR_SOP_CLASS) return skip('DICOMDIR (an index, not an image)');
  const studyInstanceUid = text('x0020000d');
  const seriesInstanceUid = text('x0020000e');
  if (studyInstanceUid === undefined || seriesInstanceUid === undefined) return skip('no study or series UID');
  const pixelElement = dataSet.elements.x7fe00010;
  if (pixelElement === undefined) return skip('no pixel data');
  const encapsulated = pixelElement.encapsulatedPixelData === true;
  const expectedBytes =
    (dataSet.uint16('x00280010') ?? 0) *
    (dataSet.uint16('x00280011') ?? 0) *
    ((dataSet.uint16('x00280100') ?? 16) / 8) *
    (number('x00280008') ?? 1);
  if (
    !encapsulated &&
    (pixelElement.dataOffset + pixelElement.length > bytes.length || pixelElement.length < expectedBytes)
  ) {
    return skip('truncated (its pixel data is incomplete)');
  }
  const position = [number('x00200032', 0), number('x00200032', 1), number('x00200032', 2)];
  const orientation = [0, 1, 2, 3, 4, 5].map((i) => number('x00200037', i));
  const spacing = [number('x00280030', 0), number('x00280030', 1)];
  const defined = (values: (number | undefined)[]): values is number[] => values.every((v) => v !== undefined);
  return {
    kind: 'slice',
    slice: {
      fileName,
      sopInstanceUid: text('x00080018') ?? fileName,
      sopClassUid,
      studyInstanceUid,
      seriesInstanceUid,
      frameOfReferenceUid: text('x00200052'),
      modality: text('x00080060') ?? '',
      seriesNumber: number('x00200011'),
      seriesDescription: text('x0008103e') ?? '',
      instanceNumber: number('x00200013'),
      imagePositionPatient: defined(position)
        ? patientMm(position[0] as number, position[1] as number, position[2] as number)
        : undefined,
      imageOrientationPatient: defined(orientation)
        ? [
            [orientation[0] as number, orientation[1] as number, orientation[2] as number],
            [orientation[3] as number, orientation[4] as number, orientation[5] as number],
          ]
        : undefined,
      pixelSpacing: defined(spacing) ? [spacing[0] as number, spacing[1] as number] : undefined,
      sliceThickness: number('x00180050'),
      rows: dataSet.uint16('x00280010') ?? 0,
      columns: dataSet.uint16('x00280011') ?? 0,
      numberOfFrames: number('x00280008') ?? 1,
      rescaleSlope: number('x00281053') ?? 1,
      rescaleIntercept: number('x00281052') ?? 0,
      transferSyntaxUid: text('x00020010') ?? '1.2.840.10008.1.2',
      acquisitionTime: parseDicomTime(text('x00080032') ?? text('x00080031')),
      contrastBolusAgent: text('x00180010'),
      contrastBolusStartTime: parseDicomTime(text('x00181042')),
      bitsAllocated: dataSet.uint16('x00280100') ?? 16,
      pixelRepresentation: dataSet.uint16('x00280103') ?? 0,
      pixelData: { offset: pixelElement.dataOffset, length: pixelElement.length },
    },
  };
}

/** dicom-parser throws Errors, strings, or `{ exception, dataSet }` for a file that ends early. */
function parserMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'exception' in error) {
    return String(error.exception);
  }
  return String(error);
}
