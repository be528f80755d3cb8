/**
 * An ROI as image pixel coordinates on one slice, the way a DICOM SCOORD holds it: (column, row)
 * with the centre of the top-left pixel at (0.5, 0.5). An ellipse is given by the end points of
 * its two axes, a rectangle by its corners closed back on the first.
 */
import { dot, type Vec3 } from '../geometry';
import { handlesFromRoi, type ImagePlane, type Roi } from '../roi/roi';
import type { KeyImage } from './finding';

export interface SliceFrame {
  readonly imagePositionPatient: Vec3;
  /** [between rows, between columns], mm. */
  readonly pixelSpacing: readonly [number, number];
  readonly imageOrientationPatient: readonly [Vec3, Vec3];
}

export function roiOutline(roi: Roi, plane: ImagePlane, frame: SliceFrame): KeyImage['outline'] {
  const [rowDirection, columnDirection] = frame.imageOrientationPatient;
  const [rowSpacing, columnSpacing] = frame.pixelSpacing;
  const toPixel = (p: Vec3): readonly [number, number] => {
    const d: Vec3 = [
      p[0] - frame.imagePositionPatient[0],
      p[1] - frame.imagePositionPatient[1],
      p[2] - frame.imagePositionPatient[2],
    ];
    return [dot(d, rowDirection) / columnSpacing + 0.5, dot(d, columnDirection) / rowSpacing + 0.5];
  };
  const handles = handlesFromRoi(roi, plane).map(toPixel);
  if (roi.shape === 'ellipse') {
    // SCOORD wants the major axis first; each axis is written top to bottom, left to right.
    const [one, two, left, right] = handles;
    if (one === undefined || two === undefined || left === undefined || right === undefined)
      throw new Error('bad ellipse');
    const vertical: [readonly [number, number], readonly [number, number]] = one[1] <= two[1] ? [one, two] : [two, one];
    const horizontal: [readonly [number, number], readonly [number, number]] = [left, right];
    const points = roi.halfWidthMm >= roi.halfHeightMm ? [...horizontal, ...vertical] : [...vertical, ...horizontal];
    return { graphicType: 'ELLIPSE', points };
  }
  // Rectangle handles: 0–3 and 1–2 are diagonally opposite, so 0, 1, 3, 2 walks the edge.
  const [a, b, c, d] = handles;
  if (a === undefined || b === undefined || c === undefined || d === undefined) throw new Error('bad rectangle');
  return { graphicType: 'POLYLINE', points: [a, b, d, c, a] };
}
