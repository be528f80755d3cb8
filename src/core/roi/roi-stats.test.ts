import { describe, expect, it } from 'vitest';
import { patientMm, type VolumeGeometry } from '../geometry';
import { circularRoi } from './roi';
import { roiHuStats, roiSlice } from './roi-stats';

/** 10 × 10 × 3 voxels of 2 mm (slices 5 mm apart), origin at (−10, −10, 0). */
const GEOMETRY: VolumeGeometry = {
  dimensions: [10, 10, 3],
  origin: patientMm(-10, -10, 0),
  rowDirection: [1, 0, 0],
  columnDirection: [0, 1, 0],
  sliceDirection: [0, 0, 1],
  spacing: [2, 2, 5],
};
const PLANE = { row: [1, 0, 0], column: [0, 1, 0] } as const;
/** HU = i + 10 j: every pixel different, so a wrong pixel changes the numbers. */
const HU = Float32Array.from({ length: 100 }, (_, n) => n);

describe('ROI HU statistics', () => {
  it('takes the slice nearest the centre, and none off the series', () => {
    expect(roiSlice(GEOMETRY, circularRoi(patientMm(0, 0, 6), 3))).toBe(1);
    expect(roiSlice(GEOMETRY, circularRoi(patientMm(0, 0, 30), 3))).toBeNull();
  });

  it('counts the pixels whose centres lie in the circle', () => {
    // Centre on pixel (5, 5); radius 2.9 mm reaches the 8 neighbours at 2 and 2.83 mm.
    const stats = roiHuStats(GEOMETRY, 1, HU, circularRoi(patientMm(0, 0, 5), 2.9), PLANE);
    const values = [44, 45, 46, 54, 55, 56, 64, 65, 66];
    const mean = values.reduce((a, b) => a + b, 0) / 9;
    expect(stats).toEqual({
      count: 9,
      mean,
      sd: expect.closeTo(Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / 9), 9) as number,
      min: 44,
      max: 66,
    });
    // Radius 2.5 mm leaves out the diagonal neighbours (2.83 mm away).
    expect(roiHuStats(GEOMETRY, 1, HU, circularRoi(patientMm(0, 0, 5), 2.5), PLANE)?.count).toBe(5);
  });

  it('uses the rectangle for a rectangle ROI, clipped at the image edge', () => {
    const corner = { ...circularRoi(patientMm(-10, -10, 0), 2.5, 'rectangle') };
    const stats = roiHuStats(GEOMETRY, 0, HU, corner, PLANE);
    expect(stats).toMatchObject({ count: 4, min: 0, max: 11, mean: 5.5 });
  });

  it('is null when no pixel lies inside', () => {
    expect(roiHuStats(GEOMETRY, 0, HU, circularRoi(patientMm(100, 100, 0), 1), PLANE)).toBeNull();
  });
});
