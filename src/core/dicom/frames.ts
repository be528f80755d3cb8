/**
 * A multi-frame CT file (Enhanced CT, Legacy Converted Enhanced CT) as one image per frame, so
 * that the rest of the reader groups, sorts, aligns and decodes frames exactly like the slices of
 * a folder. Where each frame is, how it is scaled and when it was acquired live in the functional
 * groups (PS3.3 C.7.6.16): the frame's own item first, then the shared one, then the top level.
 */
import type dicomParser from 'dicom-parser';
import { patientMm } from '../geometry';
import type { SliceMeta } from './slice';
import { parseDicomTime, validOrientation } from './values';

const PER_FRAME_GROUPS = 'x52009230';
const SHARED_GROUPS = 'x52009229';
/** Functional group sequence → the attributes this reader takes from it. */
const PLANE_POSITION = 'x00209113';
const PLANE_ORIENTATION = 'x00209116';
const PIXEL_MEASURES = 'x00289110';
const PIXEL_VALUE_TRANSFORMATION = 'x00289145';
const FRAME_CONTENT = 'x00209111';
/** What a legacy conversion kept from the single-frame headers and no functional group holds. */
const UNASSIGNED_PER_FRAME = 'x00209171';
const UNASSIGNED_SHARED = 'x00209170';

type DataSet = dicomParser.DataSet;

/** The first `count` numbers of a DS/IS/US value in `dataSet`; undefined when absent or not numbers. */
function numbersIn(dataSet: DataSet, tag: string, count: number): number[] | undefined {
  const text = dataSet.string(tag);
  if (text === undefined || text === '') return undefined;
  const parts = text.split('\\').slice(0, count);
  if (parts.length < count) return undefined;
  const values = parts.map((p) => (p.trim() === '' ? Number.NaN : Number(p)));
  return values.every(Number.isFinite) ? values : undefined;
}

function itemOf(dataSet: DataSet | undefined, sequence: string, index = 0): DataSet | undefined {
  return dataSet?.elements[sequence]?.items?.[index]?.dataSet;
}

/**
 * One SliceMeta per frame of `file` (its frame 0 as parsed from the top level), or a reason to
 * skip the whole file. A single-frame file is returned as it is.
 */
export function frameImages(dataSet: DataSet, file: SliceMeta): readonly SliceMeta[] | string {
  if (file.numberOfFrames === 1 && dataSet.elements[PER_FRAME_GROUPS] === undefined) return [file];
  const shared = itemOf(dataSet, SHARED_GROUPS);
  const unassignedShared = itemOf(shared, UNASSIGNED_SHARED) ?? itemOf(dataSet, UNASSIGNED_SHARED);
  const images: SliceMeta[] = [];
  for (let frame = 0; frame < file.numberOfFrames; frame++) {
    const own = itemOf(dataSet, PER_FRAME_GROUPS, frame);
    /** `tag` inside functional group `group`: this frame's, else the shared one. */
    const grouped = (group: string, tag: string, count: number): number[] | undefined => {
      for (const groups of [own, shared]) {
        const item = itemOf(groups, group);
        const values = item === undefined ? undefined : numbersIn(item, tag, count);
        if (values !== undefined) return values;
      }
      return undefined;
    };
    const unassigned = (tag: string): string | undefined => {
      for (const item of [itemOf(own, UNASSIGNED_PER_FRAME), unassignedShared]) {
        const value = item?.string(tag);
        if (value !== undefined && value !== '') return value;
      }
      return undefined;
    };
    const position = grouped(PLANE_POSITION, 'x00200032', 3);
    const orientation = grouped(PLANE_ORIENTATION, 'x00200037', 6);
    const spacing = grouped(PIXEL_MEASURES, 'x00280030', 2);
    const thickness = grouped(PIXEL_MEASURES, 'x00180050', 1)?.[0];
    const intercept = grouped(PIXEL_VALUE_TRANSFORMATION, 'x00281052', 1)?.[0];
    const slope = grouped(PIXEL_VALUE_TRANSFORMATION, 'x00281053', 1)?.[0];
    if (slope === 0) return 'damaged (its HU scaling is invalid)';
    const frameContent = itemOf(own, FRAME_CONTENT);
    const acquired = frameContent?.string('x00189074') ?? unassigned('x00080032');
    const acquisitionNumber = Number(unassigned('x00200012'));
    images.push({
      ...file,
      frame,
      // One top-level position cannot place several frames: without per-frame positions the frames
      // have none, and the series says so instead of stacking them all at one place.
      imagePositionPatient:
        position === undefined
          ? file.numberOfFrames === 1
            ? file.imagePositionPatient
            : undefined
          : patientMm(position[0] as number, position[1] as number, position[2] as number),
      imageOrientationPatient: orientation === undefined ? file.imageOrientationPatient : validOrientation(orientation),
      pixelSpacing:
        spacing === undefined
          ? file.pixelSpacing
          : spacing.every((v) => v > 0)
            ? [spacing[0] as number, spacing[1] as number]
            : undefined,
      sliceThickness: thickness === undefined ? file.sliceThickness : thickness > 0 ? thickness : undefined,
      rescaleSlope: slope ?? file.rescaleSlope,
      rescaleIntercept: intercept ?? file.rescaleIntercept,
      acquisitionTime: acquired === undefined ? file.acquisitionTime : dateTimeToSeconds(acquired),
      acquisitionNumber: file.acquisitionNumber ?? (Number.isFinite(acquisitionNumber) ? acquisitionNumber : undefined),
    });
  }
  return images;
}

/** DICOM DT (YYYYMMDDHHMMSS.FFFFFF&ZZXX) or TM → seconds since midnight. */
function dateTimeToSeconds(value: string): number | undefined {
  const text = value.trim().replace(/[+-]\d{4}$/, '');
  return parseDicomTime(/^\d{14}/.test(text) ? text.slice(8) : text);
}
