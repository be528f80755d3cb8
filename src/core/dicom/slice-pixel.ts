/** The pixel of one slice under a patient point, and its HU: what the cursor readout shows. */
import { dot, type PatientMm, type Vec3 } from '../geometry';
import type { SliceMeta } from './slice-meta';

/** Column i and row j of the pixel nearest to `point` projected onto the slice, or null outside it. */
export function pixelAt(slice: SliceMeta, point: PatientMm): { i: number; j: number } | null {
  const origin = slice.imagePositionPatient;
  const orientation = slice.imageOrientationPatient;
  const spacing = slice.pixelSpacing;
  if (origin === undefined || orientation === undefined || spacing === undefined) return null;
  const d: Vec3 = [point[0] - origin[0], point[1] - origin[1], point[2] - origin[2]];
  // DICOM PixelSpacing is [between rows, between columns]: columns advance along the row direction.
  const i = Math.round(dot(d, orientation[0]) / spacing[1]);
  const j = Math.round(dot(d, orientation[1]) / spacing[0]);
  if (i < 0 || j < 0 || i >= slice.columns || j >= slice.rows) return null;
  return { i, j };
}

/**
 * HU at `point` from a slice's pixel values; `rescaled` says whether the values already had the
 * modality rescale applied (Cornerstone pre-scales CT pixels when it decodes them).
 */
export function huAt(slice: SliceMeta, pixels: ArrayLike<number>, rescaled: boolean, point: PatientMm): number | null {
  const at = pixelAt(slice, point);
  if (at === null) return null;
  const stored = pixels[at.j * slice.columns + at.i];
  if (stored === undefined) return null;
  return rescaled ? stored : stored * slice.rescaleSlope + slice.rescaleIntercept;
}
