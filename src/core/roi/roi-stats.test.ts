import { describe, expect, it } from 'vitest';
import { patientMm, type VolumeGeometry } from '../geometry';
import { circularRoi } from './roi';
import { ringHuStats, roiHuStats, roiSlice } from './roi-stats';

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

describe('liver ring around an ROI', () => {
  /** 40 × 40 pixels of 1 mm: a 60 HU "liver" with a 0 HU "lesion" (r 5 mm), a vessel and fat. */
  const geometry: VolumeGeometry = {
    ...GEOMETRY,
    dimensions: [40, 40, 1],
    origin: patientMm(-20, -20, 0),
    spacing: [1, 1, 5],
  };
  const hu = Float32Array.from({ length: 1600 }, (_, n) => {
    const x = (n % 40) - 20;
    const y = Math.floor(n / 40) - 20;
    const r = Math.hypot(x, y);
    if (r <= 5) return 0;
    if (x === 9) return 180; // a vessel through the ring
    if (y > 12) return -100; // fat beyond the liver's edge
    return 60;
  });
  // Radius 5.1 mm: the ring's edges (8.12 and 16.2 mm) fall between pixel distances.
  const roi = circularRoi(patientMm(0, 0, 0), 5.1);

  it('takes the median of soft tissue between 1.2 r + 2 mm and 2 r + 6 mm, not the lesion, fat or a vessel', () => {
    const ring = ringHuStats(geometry, 0, hu, roi);
    expect(ring).toMatchObject({
      median: 60,
      innerMm: expect.closeTo(8.12, 9) as number,
      outerMm: expect.closeTo(16.2, 9) as number,
    });
    // Exactly the ring's pixels above the fat line: the lesion and the fat are out, the vessel in.
    let expected = 0;
    for (let n = 0; n < 1600; n++) {
      const [x, y] = [(n % 40) - 20, Math.floor(n / 40) - 20];
      const r = Math.hypot(x, y);
      if (r >= 8.12 && r <= 16.2 && (y <= 12 || x === 9)) expected++;
    }
    expect(ring?.count).toBe(expected);
  });

  it('is null where the ring holds no soft tissue', () => {
    expect(ringHuStats(geometry, 0, new Float32Array(1600).fill(-1000), roi)).toBeNull();
  });
});
