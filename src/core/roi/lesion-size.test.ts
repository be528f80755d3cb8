import { describe, expect, it } from 'vitest';
import { patientMm, type VolumeGeometry } from '../geometry';
import { lesionSize, recistAxes, reportedSize, sizeDescription, sizeText } from './lesion-size';
import { circularRoi, type Roi } from './roi';

/** 120 × 120 pixels of 0.5 mm, one slice, centred on the origin. */
const GEOMETRY: VolumeGeometry = {
  dimensions: [120, 120, 1],
  origin: patientMm(-30, -30, 0),
  rowDirection: [1, 0, 0],
  columnDirection: [0, 1, 0],
  sliceDirection: [0, 0, 1],
  spacing: [0.5, 0.5, 5],
};
const PLANE = { row: [1, 0, 0], column: [0, 1, 0] } as const;
const xy = (n: number): [number, number] => [-30 + 0.5 * (n % 120), -30 + 0.5 * Math.floor(n / 120)];

/** A 100 HU liver with an elliptical lesion of `hu`, semi-axes a (along x) and b, turned by `angle`. */
function slice(a: number, b: number, angle: number, hu: number): Float32Array {
  const [c, s] = [Math.cos(angle), Math.sin(angle)];
  return Float32Array.from({ length: 14400 }, (_, n) => {
    const [x, y] = xy(n);
    const u = (x * c + y * s) / a;
    const v = (-x * s + y * c) / b;
    return u * u + v * v <= 1 ? hu : 100;
  });
}

describe('recistAxes', () => {
  it('gives the longest diameter and the longest one across it, pixel edges included', () => {
    // A 5 × 3 block of 1 mm pixels: 5 mm long, 3 mm across.
    const block = Array.from({ length: 15 }, (_, n) => [n % 5, Math.floor(n / 5)] as const);
    const [long, short] = recistAxes(block, 1);
    expect(long).toBeCloseTo(Math.hypot(4, 2) + 1, 9);
    expect(short).toBeGreaterThan(2);
    expect(short).toBeLessThan(long);
    expect(recistAxes([], 1)).toEqual([0, 0]);
  });
});

describe('lesionSize', () => {
  const roi: Roi = circularRoi(patientMm(0, 0, 0), 20);

  it('measures the lesion inside a larger ROI, not the ROI, for a dark and for a bright lesion', () => {
    for (const hu of [40, 180]) {
      const size = lesionSize(GEOMETRY, 0, slice(12, 7, 0.5, hu), roi, PLANE, 100);
      expect(size.method).toBe('boundary');
      expect(size.longMm).toBeGreaterThan(23);
      expect(size.longMm).toBeLessThan(25.5);
      expect(size.shortMm).toBeGreaterThan(13);
      expect(size.shortMm).toBeLessThan(15.5);
    }
    expect(sizeText(lesionSize(GEOMETRY, 0, slice(12, 7, 0.5, 40), roi, PLANE, 100))).toMatch(/^2[45] × 1[45] mm$/);
    expect(sizeDescription({ longMm: 24.4, shortMm: 14.2, method: 'boundary' }, 'PV')).toBe(
      '24 × 14 mm (lesion boundary on PV)',
    );
    expect(sizeDescription({ longMm: 40, shortMm: 40, method: 'outline' }, 'ART')).toBe(
      '40 × 40 mm (ROI outline, no lesion boundary found on ART)',
    );
  });

  it('keeps to the lesion at the centre, not a vessel crossing the ROI', () => {
    const hu = slice(8, 8, 0, 40);
    // A dark band (a vessel on NC, say) across the ROI's edge, not touching the lesion.
    hu.forEach((_, n) => {
      const [x, y] = xy(n);
      if (y > 12 && y < 14 && Math.abs(x) < 18) hu[n] = 40;
    });
    const size = lesionSize(GEOMETRY, 0, hu, roi, PLANE, 100);
    expect(size.method).toBe('boundary');
    expect(size.longMm).toBeLessThan(18);
  });

  it("falls back to the outline's axes when the lesion is near the liver's HU or there is no liver reference", () => {
    const faint = lesionSize(GEOMETRY, 0, slice(12, 7, 0, 95), roi, PLANE, 100);
    expect(faint).toEqual({ longMm: 40, shortMm: 40, method: 'outline' });
    expect(lesionSize(GEOMETRY, 0, slice(12, 7, 0, 40), roi, PLANE, null).method).toBe('outline');
  });
});

describe('reportedSize', () => {
  const boundary = (longMm: number) => ({ longMm, shortMm: longMm - 5, method: 'boundary' as const });
  const outline = { longMm: 40, shortMm: 40, method: 'outline' as const };
  const hu = (lesion: number, liver: number) => ({ lesionHu: { mean: lesion }, liverHu: { median: liver } });

  it('reports the boundary on the phase where the lesion differs most from the liver', () => {
    const size = reportedSize(
      [
        { phase: 'NC', size: boundary(20), ...hu(40, 55) },
        { phase: 'ART', size: boundary(24), ...hu(150, 80) },
        { phase: 'PV', size: outline, ...hu(112, 110) },
      ],
      'PV',
    );
    expect(size).toEqual({ ...boundary(24), phase: 'ART' });
  });

  it('falls back to the outline on the phase it was drawn on, and to nothing when that was not read', () => {
    expect(reportedSize([{ phase: 'PV', size: outline, ...hu(112, 110) }], 'PV')).toEqual({ ...outline, phase: 'PV' });
    expect(reportedSize([{ phase: 'PV', size: null, lesionHu: null, liverHu: null }], 'PV')).toBeNull();
  });
});
