import { describe, expect, it } from 'vitest';
import { patientMm, type Vec3 } from '../geometry';
import {
  circularRoi,
  handlesFromRoi,
  moveRoi,
  roiSizeText,
  roiFromHandles,
  roiRadiusMm,
  type ImagePlane,
  type Roi,
} from './roi';

const axial: ImagePlane = { row: [1, 0, 0], column: [0, 1, 0] };
const s = Math.SQRT1_2;
const oblique: ImagePlane = { row: [s, s, 0], column: [0, 0, -1] };

describe('ROI ↔ tool handles', () => {
  for (const [name, plane] of [
    ['axial', axial],
    ['oblique', oblique],
  ] as const) {
    for (const shape of ['ellipse', 'rectangle'] as const) {
      it(`round-trips a ${shape} on an ${name} plane`, () => {
        const roi: Roi = { shape, center: patientMm(10, -42.5, 103), halfWidthMm: 12, halfHeightMm: 7.5 };
        const back = roiFromHandles(shape, handlesFromRoi(roi, plane), plane);
        expect(back.shape).toBe(shape);
        back.center.forEach((v, i) => {
          expect(v).toBeCloseTo(roi.center[i] as number, 9);
        });
        expect(back.halfWidthMm).toBeCloseTo(12, 9);
        expect(back.halfHeightMm).toBeCloseTo(7.5, 9);
      });
    }
  }

  it('puts the ellipse handles where Cornerstone expects them: bottom, top, left, right', () => {
    const [bottom, top, left, right] = handlesFromRoi(
      { shape: 'ellipse', center: patientMm(0, 0, 5), halfWidthMm: 4, halfHeightMm: 2 },
      axial,
    );
    expect([bottom, top, left, right]).toEqual([
      [0, -2, 5],
      [0, 2, 5],
      [-4, 0, 5],
      [4, 0, 5],
    ]);
  });

  it('keeps rectangle corners 0–3 and 1–2 diagonally opposite', () => {
    const h = handlesFromRoi(
      { shape: 'rectangle', center: patientMm(0, 0, 0), halfWidthMm: 3, halfHeightMm: 1 },
      axial,
    );
    const mid = (a: Vec3 | undefined, b: Vec3 | undefined): number[] =>
      a && b ? [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2] : [Number.NaN];
    expect(mid(h[0], h[3])).toEqual([0, 0]);
    expect(mid(h[1], h[2])).toEqual([0, 0]);
    expect(h[0]?.[0]).not.toBe(h[3]?.[0]);
    expect(h[0]?.[1]).not.toBe(h[3]?.[1]);
  });

  it('reads a hand-drawn rectangle from its corners', () => {
    const corners: Vec3[] = [
      [-5, 9, 1],
      [15, 9, 1],
      [-5, 1, 1],
      [15, 1, 1],
    ];
    const roi = roiFromHandles('rectangle', corners, axial);
    expect([...roi.center]).toEqual([5, 5, 1]);
    expect(roi.halfWidthMm).toBe(10);
    expect(roi.halfHeightMm).toBe(4);
    expect(roiRadiusMm(roi)).toBe(10);
  });

  it('rejects a wrong number of points', () => {
    expect(() => roiFromHandles('ellipse', [[0, 0, 0]], axial)).toThrow(/4 handle points/);
  });

  it('moves an ROI by a shift in mm', () => {
    const moved = moveRoi(circularRoi(patientMm(1, 2, 3), 5), [0.5, -1, 2]);
    expect([...moved.center]).toEqual([1.5, 1, 5]);
    expect(moved.halfWidthMm).toBe(5);
  });
});

describe('roiSizeText', () => {
  it("gives the outline's long and short axes, whichever way the ROI is elongated, and its area", () => {
    const roi: Roi = { shape: 'ellipse', center: patientMm(0, 0, 0), halfWidthMm: 7.2, halfHeightMm: 20.1 };
    expect(roiSizeText(roi)).toBe('ROI 40 × 14 mm, 455 mm²');
    expect(roiSizeText({ ...roi, halfWidthMm: 20.1, halfHeightMm: 7.2 })).toBe('ROI 40 × 14 mm, 455 mm²');
    expect(roiSizeText({ ...roi, shape: 'rectangle' })).toBe('ROI 40 × 14 mm, 579 mm²');
  });
});
