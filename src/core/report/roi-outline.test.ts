import { describe, expect, it } from 'vitest';
import { patientMm } from '../geometry';
import { roiOutline } from './roi-outline';

/** 0.5 mm pixels (rows 0.5 mm apart, columns 0.5 mm apart), first pixel centre at (−100, −50, 20). */
const frame = {
  imagePositionPatient: [-100, -50, 20],
  pixelSpacing: [0.5, 0.5],
  imageOrientationPatient: [
    [1, 0, 0],
    [0, 1, 0],
  ],
} as const;
const plane = { row: [1, 0, 0], column: [0, 1, 0] } as const;

describe('ROI outline in image pixels', () => {
  it('gives an ellipse as its major then minor axis end points, pixel centres at .5', () => {
    const roi = { shape: 'ellipse', center: patientMm(-90, -45, 20), halfWidthMm: 4, halfHeightMm: 2 } as const;
    const outline = roiOutline(roi, plane, frame);
    expect(outline.graphicType).toBe('ELLIPSE');
    // Centre at column 20.5, row 10.5; 8 px wide either side, 4 px tall.
    expect(outline.points).toEqual([
      [12.5, 10.5],
      [28.5, 10.5],
      [20.5, 6.5],
      [20.5, 14.5],
    ]);
    const tall = roiOutline({ ...roi, halfWidthMm: 2, halfHeightMm: 4 }, plane, frame);
    expect(tall.points[0]).toEqual([20.5, 2.5]);
  });

  it('gives a rectangle as a closed polyline along its edges', () => {
    const roi = { shape: 'rectangle', center: patientMm(-90, -45, 20), halfWidthMm: 1, halfHeightMm: 1 } as const;
    const outline = roiOutline(roi, plane, frame);
    expect(outline.graphicType).toBe('POLYLINE');
    expect(outline.points).toEqual([
      [18.5, 12.5],
      [22.5, 12.5],
      [22.5, 8.5],
      [18.5, 8.5],
      [18.5, 12.5],
    ]);
  });
});
