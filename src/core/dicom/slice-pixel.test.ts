import { describe, expect, it } from 'vitest';
import { patientMm } from '../geometry';
import type { SliceMeta } from './slice-meta';
import { huAt, pixelAt } from './slice-pixel';

const slice = {
  imagePositionPatient: patientMm(-100, -50, 20),
  imageOrientationPatient: [
    [1, 0, 0],
    [0, 1, 0],
  ],
  pixelSpacing: [2, 0.5],
  rows: 3,
  columns: 4,
  rescaleSlope: 1,
  rescaleIntercept: -1024,
} as unknown as SliceMeta;

describe('pixel and HU under a patient point', () => {
  it('uses PixelSpacing as [row spacing, column spacing]', () => {
    expect(pixelAt(slice, patientMm(-98.6, -46.1, 20))).toEqual({ i: 3, j: 2 });
    expect(pixelAt(slice, patientMm(-100, -50, 20))).toEqual({ i: 0, j: 0 });
    expect(pixelAt(slice, patientMm(-97, -50, 20))).toBeNull();
    expect(pixelAt(slice, patientMm(-100, -55, 20))).toBeNull();
  });

  it('applies the rescale only to stored values', () => {
    const stored = Array.from({ length: 12 }, (_, k) => 1000 + k);
    const point = patientMm(-99, -48, 20); // i = 2, j = 1
    expect(huAt(slice, stored, false, point)).toBe(1006 - 1024);
    expect(huAt(slice, stored, true, point)).toBe(1006);
  });
});
