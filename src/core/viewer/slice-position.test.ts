import { describe, expect, it } from 'vitest';
import { patientMm } from '../geometry';
import type { Series } from '../dicom/series';
import { nearestSliceIndex, pointOnSlice, sliceForPoint, syncedSliceIndex } from './slice-position';

describe('slice lookup along the normal', () => {
  const positions = [-10, -7.5, -5, -2.5, 0];

  it('finds the nearest slice, ties going to the lower one', () => {
    expect(nearestSliceIndex(positions, -7.4)).toBe(1);
    expect(nearestSliceIndex(positions, -6.25)).toBe(1);
    expect(nearestSliceIndex(positions, -6.2)).toBe(2);
    expect(nearestSliceIndex(positions, -100)).toBe(0);
    expect(nearestSliceIndex(positions, 100)).toBe(4);
    expect(nearestSliceIndex([], 1)).toBe(-1);
  });

  it('maps a patient point to a slice of a series with another spacing, and says when it is outside', () => {
    const series = { normal: [0, 0, 1], sliceSpacing: 2.5 } as unknown as Series;
    expect(sliceForPoint(series, positions, patientMm(30, 40, -4.9))).toBe(2);
    expect(sliceForPoint(series, positions, patientMm(0, 0, 1.2))).toBe(4);
    expect(sliceForPoint(series, positions, patientMm(0, 0, 1.3))).toBe(-1);
    expect(sliceForPoint(series, positions, patientMm(0, 0, -11.3))).toBe(-1);
  });

  it('projects a point onto a slice along a tilted normal', () => {
    const n = [0, Math.SQRT1_2, Math.SQRT1_2] as const;
    const p = pointOnSlice(n, [0, 10], 1, patientMm(3, 0, 0));
    expect(p[0]).toBeCloseTo(3, 9);
    expect(p[1] * n[1] + p[2] * n[2]).toBeCloseTo(10, 9);
  });
});

describe('scroll synchronisation between phases', () => {
  const z = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => k * 3);
  const axial = [0, 0, 1] as const;

  it('matches the same position without a lesion selected', () => {
    const fine = Array.from({ length: 20 }, (_, k) => k * 1.5);
    expect(syncedSliceIndex({ positions: z, normal: axial }, 4, { positions: fine, normal: axial })).toBe(8);
    expect(syncedSliceIndex({ positions: fine, normal: axial }, 9, { positions: z, normal: axial })).toBe(4);
  });

  it('puts both phases on their lesion slice when the lesion moved between them', () => {
    // The lesion centre is 7.4 mm higher on the other phase: its slice there is 3 (9 mm), not 2 or 4.
    const from = { positions: z, normal: axial, anchor: patientMm(0, 0, 13.6) };
    const to = { positions: z, normal: axial, anchor: patientMm(0, 0, 21) };
    expect(syncedSliceIndex(from, 5, to)).toBe(7);
    expect(syncedSliceIndex(from, 6, to)).toBe(8);
    expect(syncedSliceIndex(from, 4, to)).toBe(6);
  });
});
