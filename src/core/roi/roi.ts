/**
 * An ROI as the viewer keeps it: a shape centred on a patient point, with half-extents along
 * the image's row and column directions; and the conversion to and from the handle points of
 * Cornerstone's elliptical and rectangle ROI tools (world = patient mm).
 */
import { dot, patientMm, type PatientMm, type Vec3 } from '../geometry';

export type RoiShape = 'ellipse' | 'rectangle';

/** The in-plane directions of the image an ROI is drawn on (DICOM ImageOrientationPatient). */
export interface ImagePlane {
  readonly row: Vec3;
  readonly column: Vec3;
}

export interface Roi {
  readonly shape: RoiShape;
  readonly center: PatientMm;
  /** Half-extent along the row direction (left–right on screen), mm. */
  readonly halfWidthMm: number;
  /** Half-extent along the column direction (top–bottom on screen), mm. */
  readonly halfHeightMm: number;
}

export function roiFromHandles(shape: RoiShape, points: readonly Vec3[], plane: ImagePlane): Roi {
  if (points.length !== 4) throw new Error(`an ROI needs 4 handle points, got ${String(points.length)}`);
  const sum = points.reduce<Vec3>((acc, p) => [acc[0] + p[0], acc[1] + p[1], acc[2] + p[2]], [0, 0, 0]);
  const center = patientMm(sum[0] / 4, sum[1] / 4, sum[2] / 4);
  let halfWidthMm = 0;
  let halfHeightMm = 0;
  for (const p of points) {
    const d: Vec3 = [p[0] - center[0], p[1] - center[1], p[2] - center[2]];
    halfWidthMm = Math.max(halfWidthMm, Math.abs(dot(d, plane.row)));
    halfHeightMm = Math.max(halfHeightMm, Math.abs(dot(d, plane.column)));
  }
  return { shape, center, halfWidthMm, halfHeightMm };
}

/**
 * Handle points in the order each Cornerstone tool keeps them: the ellipse's [bottom, top, left,
 * right] (screen y grows along the column direction, and the tool's "bottom" is the smaller y);
 * the rectangle's corners with 0–3 and 1–2 diagonally opposite.
 */
export function handlesFromRoi(roi: Roi, plane: ImagePlane): Vec3[] {
  const at = (u: number, v: number): Vec3 => [
    roi.center[0] + u * roi.halfWidthMm * plane.row[0] + v * roi.halfHeightMm * plane.column[0],
    roi.center[1] + u * roi.halfWidthMm * plane.row[1] + v * roi.halfHeightMm * plane.column[1],
    roi.center[2] + u * roi.halfWidthMm * plane.row[2] + v * roi.halfHeightMm * plane.column[2],
  ];
  return roi.shape === 'ellipse'
    ? [at(0, -1), at(0, 1), at(-1, 0), at(1, 0)]
    : [at(-1, 1), at(1, 1), at(-1, -1), at(1, -1)];
}

/** The radius written to annotation files: the larger half-extent, so the crop holds it all. */
export function roiRadiusMm(roi: Roi): number {
  return Math.max(roi.halfWidthMm, roi.halfHeightMm);
}

/**
 * The ROI outline's long and short axes (mm), as drawn: what the user outlined, not a measured
 * lesion diameter, and labelled so wherever it is shown.
 */
export function roiAxesMm(roi: Roi): { readonly long: number; readonly short: number } {
  const [a, b] = [2 * roi.halfWidthMm, 2 * roi.halfHeightMm];
  return { long: Math.max(a, b), short: Math.min(a, b) };
}

/** The area inside the outline (mm²), on its slice. */
export function roiAreaMm2(roi: Roi): number {
  const box = 4 * roi.halfWidthMm * roi.halfHeightMm;
  return roi.shape === 'ellipse' ? (Math.PI / 4) * box : box;
}

/**
 * "ROI 40 × 28 mm, 880 mm²": the outline's axes and area, whole mm. The row shows it, so the
 * image can carry the lesion's name instead of Cornerstone's area text.
 */
export function roiSizeText(roi: Roi): string {
  const { long, short } = roiAxesMm(roi);
  return `ROI ${long.toFixed(0)} × ${short.toFixed(0)} mm, ${roiAreaMm2(roi).toFixed(0)} mm²`;
}

export function circularRoi(center: PatientMm, radiusMm: number, shape: RoiShape = 'ellipse'): Roi {
  return { shape, center, halfWidthMm: radiusMm, halfHeightMm: radiusMm };
}

export function moveRoi(roi: Roi, shiftMm: Vec3): Roi {
  const c = roi.center;
  return { ...roi, center: patientMm(c[0] + shiftMm[0], c[1] + shiftMm[1], c[2] + shiftMm[2]) };
}
