/**
 * What the viewer and the dataset builder need to know about one DICOM file, read with
 * dicom-parser (pure JavaScript, the parser Cornerstone's loader uses too). Files that are not
 * images (DICOMDIR, text, thumbnails, truncated files) come back as `skipped` with the reason.
 */
import { errorMessage } from '../error-message';
import dicomParser from 'dicom-parser';
import { patientMm } from '../geometry';
import { deflatedDataSetStart, parserOptions } from './deflated';
import { frameImages } from './frames';
import type { SliceMeta } from './slice';
import { parseDicomTime, validOrientation } from './values';

export type { SliceMeta } from './slice';
export { parseDicomTime } from './values';

/**
 * A readable image file: `slice` as its top level describes it, `images` one per frame (for a
 * single-frame file, `[slice]`). Multi-frame CT is read frame by frame (frames.ts).
 */
export type ParsedFile =
  | { readonly kind: 'slice'; readonly slice: SliceMeta; readonly images: readonly SliceMeta[] }
  | { readonly kind: 'skipped'; readonly fileName: string; readonly reason: string };

const DICOMDIR_SOP_CLASS = '1.2.840.10008.1.3.10';

/**
 * Skip reasons that name a kind of damage rather than a parser message, so a folder's skipped files
 * group into a few lines the user can read.
 */
const TRUNCATED = 'truncated (the file ends early)';
const DAMAGED_HEADER = 'damaged (its DICOM header cannot be read)';

/** Further than this from the scanner's origin (mm) a position is corrupt, not anatomy. */
const MAX_POSITION_MM = 1e6;

/**
 * The contract every returned slice meets, whatever the file held: rows and columns ≥ 1, whole
 * frames ≥ 1, 8/16/32-bit pixels, a finite non-zero rescale slope, the pixel bytes inside the file
 * (all of them, when uncompressed), and every number finite. Geometry that makes no sense (a
 * degenerate orientation, a zero pixel spacing) is left undefined, so the series says it lacks it.
 *
 * `inflated`: for a deflated file, the meta header followed by its inflated data set
 * (deflated.ts `inflatedFile`); without it dicom-parser inflates with Node's zlib, and a browser
 * has none.
 */
export function parseSliceMeta(fileName: string, bytes: Uint8Array, inflated?: Uint8Array): ParsedFile {
  const skip = (reason: string): ParsedFile => ({ kind: 'skipped', fileName, reason });
  if (bytes.length === 0) return skip('empty file');
  let dataSet: dicomParser.DataSet;
  try {
    dataSet = dicomParser.parseDicom(bytes, parserOptions(inflated));
  } catch (error) {
    // Without `inflated`, dicom-parser fails on a deflated file in its own ways (no zlib in a
    // browser; in Node, a Uint8Array that is not a Buffer): name the cause, not "damaged".
    if (inflated === undefined && deflatedDataSetStart(bytes) !== null) return skip(parseFailure('no inflater'));
    return skip(parseFailure(parserMessage(error)));
  }
  // dicom-parser only checks for an overrun in explicit-VR data sets: an implicit-VR file cut inside
  // an element parses "successfully", and reading that element later would throw. Offsets point
  // into the parser's bytes (for a deflated file, the inflated ones), typed Uint8Array | Buffer,
  // and the browser build has no Buffer type.
  const end = (dataSet.byteArray as unknown as Uint8Array).length;
  if (Object.values(dataSet.elements).some((e) => e.dataOffset + e.length > end)) return skip(TRUNCATED);
  return describeSlice(fileName, dataSet);
}

/**
 * The same answer as `parseSliceMeta` on the whole file, from its first bytes and its size, for an
 * uncompressed file whose header fits in `head`: listing a folder then reads a few KiB per file,
 * not the pixels. Null when the head cannot tell (the header runs past it, compressed or deflated
 * pixels, anything the parser stumbles on): read the whole file then.
 */
export function parseSliceHeader(fileName: string, head: Uint8Array, fileSize: number): ParsedFile | null {
  if (head.length >= fileSize) return parseSliceMeta(fileName, head);
  if (head.length === 0 || deflatedDataSetStart(head) !== null) return null;
  let dataSet: dicomParser.DataSet;
  try {
    dataSet = dicomParser.parseDicom(head, { untilTag: PIXEL_DATA });
  } catch {
    return null;
  }
  const pixels = dataSet.elements[PIXEL_DATA];
  if (pixels === undefined || pixels.hadUndefinedLength === true) return null;
  if (!UNCOMPRESSED.has(dataSet.string('x00020010') ?? '1.2.840.10008.1.2')) return null;
  if (Object.values(dataSet.elements).some((e) => e !== pixels && e.dataOffset + e.length > head.length)) return null;
  const pixelsEnd = pixels.dataOffset + pixels.length;
  if (pixelsEnd > fileSize) return { kind: 'skipped', fileName, reason: TRUNCATED };
  // Anything after the pixels (padding, a signature, garbage) is for the whole-file parser to judge.
  return pixelsEnd === fileSize ? describeSlice(fileName, dataSet) : null;
}

const PIXEL_DATA = 'x7fe00010';

/** The slice a parsed data set describes, or why it is skipped. */
function describeSlice(fileName: string, dataSet: dicomParser.DataSet): ParsedFile {
  const skip = (reason: string): ParsedFile => ({ kind: 'skipped', fileName, reason });
  const text = (tag: string): string | undefined => {
    const value = dataSet.string(tag);
    return value === undefined || value === '' ? undefined : value;
  };
  /** The first `count` values of a DS/IS element; undefined when absent, short or not numbers. */
  const numbers = (tag: string, count: number): number[] | undefined => {
    const parts = text(tag)?.split('\\').slice(0, count);
    if (parts === undefined || parts.length < count) return undefined;
    const values = parts.map((p) => (p.trim() === '' ? Number.NaN : Number(p)));
    return values.every(Number.isFinite) ? values : undefined;
  };
  const number = (tag: string): number | undefined => numbers(tag, 1)?.[0];
  /** Present but not a number: a damaged value, unlike an absent one that has a default. */
  const invalid = (tag: string): boolean => text(tag) !== undefined && number(tag) === undefined;
  // uint16 reads two bytes whatever the element's length: a shorter element would read its neighbour.
  const us = (tag: string): number | undefined =>
    (dataSet.elements[tag]?.length ?? 0) >= 2 ? dataSet.uint16(tag) : undefined;

  const sopClassUid = text('x00080016') ?? text('x00020002') ?? '';
  if (sopClassUid === DICOMDIR_SOP_CLASS) return skip('DICOMDIR (an index, not an image)');
  const studyInstanceUid = text('x0020000d');
  const seriesInstanceUid = text('x0020000e');
  if (studyInstanceUid === undefined || seriesInstanceUid === undefined) return skip('no study or series UID');
  const pixelElement = dataSet.elements[PIXEL_DATA];
  if (pixelElement === undefined) return skip('no pixel data');
  const rows = us('x00280010') ?? 0;
  const columns = us('x00280011') ?? 0;
  if (rows === 0 || columns === 0) return skip('no image size (rows or columns missing or 0)');
  const bitsAllocated = us('x00280100') ?? 16;
  const bitsStored = us('x00280101') ?? bitsAllocated;
  const pixelRepresentation = us('x00280103') ?? 0;
  if (![8, 16, 32].includes(bitsAllocated) || bitsStored < 1 || bitsStored > bitsAllocated || pixelRepresentation > 1) {
    return skip('unsupported pixel format');
  }
  const numberOfFrames = number('x00280008') ?? 1;
  if (invalid('x00280008') || !Number.isInteger(numberOfFrames) || numberOfFrames < 1) {
    return skip('damaged (its number of frames is invalid)');
  }
  const rescaleSlope = number('x00281053') ?? 1;
  if (invalid('x00281053') || invalid('x00281052') || rescaleSlope === 0) {
    return skip('damaged (its HU scaling is invalid)');
  }
  const transferSyntaxUid = text('x00020010') ?? '1.2.840.10008.1.2';
  const encapsulated = pixelElement.encapsulatedPixelData === true;
  // Compressed pixels come in fragments, uncompressed ones as one value: anything else is garbled.
  if (encapsulated ? UNCOMPRESSED.has(transferSyntaxUid) : ENCAPSULATED.test(transferSyntaxUid)) {
    return skip('damaged (its pixel data is not stored the way its header says)');
  }
  if (!encapsulated && pixelElement.length < rows * columns * (bitsAllocated / 8) * numberOfFrames) {
    return skip('truncated (its pixel data is incomplete)');
  }
  const position = numbers('x00200032', 3);
  const orientation = numbers('x00200037', 6);
  const spacing = numbers('x00280030', 2);
  const thickness = number('x00180050');
  const slice: SliceMeta = {
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
    imagePositionPatient:
      position?.every((v) => Math.abs(v) <= MAX_POSITION_MM) === true
        ? patientMm(position[0] as number, position[1] as number, position[2] as number)
        : undefined,
    imageOrientationPatient: orientation === undefined ? undefined : validOrientation(orientation),
    pixelSpacing: spacing?.every((v) => v > 0) === true ? [spacing[0] as number, spacing[1] as number] : undefined,
    sliceThickness: thickness !== undefined && thickness > 0 ? thickness : undefined,
    rows,
    columns,
    numberOfFrames,
    frame: 0,
    rescaleSlope,
    rescaleIntercept: number('x00281052') ?? 0,
    transferSyntaxUid,
    acquisitionTime: parseDicomTime(text('x00080032') ?? text('x00080031')),
    acquisitionNumber: number('x00200012'),
    contrastBolusAgent: text('x00180010'),
    contrastBolusStartTime: parseDicomTime(text('x00181042')),
    bitsAllocated,
    bitsStored,
    pixelRepresentation,
    samplesPerPixel: us('x00280002') ?? 1,
    photometricInterpretation: text('x00280004') ?? 'MONOCHROME2',
    pixelData: { offset: pixelElement.dataOffset, length: pixelElement.length },
  };
  const images = frameImages(dataSet, slice);
  if (typeof images === 'string') return skip(images);
  return { kind: 'slice', slice: images[0] ?? slice, images };
}

const UNCOMPRESSED = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.2']);
/** JPEG, JPEG-LS, JPEG 2000, HTJ2K, MPEG (1.2.840.10008.1.2.4.*) and RLE: always in fragments. */
const ENCAPSULATED = /^1\.2\.840\.10008\.1\.2\.(4\.\d+|5)$/;

/** A parser exception → the reason shown to the user. */
function parseFailure(message: string): string {
  if (/DICM/.test(message)) return 'not a DICOM file';
  if (/inflater/.test(message)) return 'compressed with deflate, which this viewer cannot read';
  if (
    /overrun|overread|past end|beyond the end|end of buffer|greater than or equal to 'byteArray' length/i.test(message)
  )
    return TRUNCATED;
  return DAMAGED_HEADER;
}

/** dicom-parser throws Errors, strings, or `{ exception, dataSet }` for a file that ends early. */
function parserMessage(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'exception' in error) {
    return String(error.exception);
  }
  return errorMessage(error);
}
