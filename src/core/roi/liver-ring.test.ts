import { describe, expect, it } from 'vitest';
import { patientMm, type VolumeGeometry } from '../geometry';
import { LIVER_RING, liverRing } from './liver-ring';
import { circularRoi } from './roi';

/** 60 × 60 pixels of 1 mm, one slice, centred on the origin. */
const GEOMETRY: VolumeGeometry = {
  dimensions: [60, 60, 1],
  origin: patientMm(-30, -30, 0),
  rowDirection: [1, 0, 0],
  columnDirection: [0, 1, 0],
  sliceDirection: [0, 0, 1],
  spacing: [1, 1, 5],
};
const xy = (n: number): [number, number] => [(n % 60) - 30, Math.floor(n / 60) - 30];
/** Radius 8.1 mm: the ring runs from 11.72 to 22.2 mm, its edges between pixel distances. */
const ROI = circularRoi(patientMm(0, 0, 0), 8.1);
const inRing = (n: number): boolean => {
  const r = Math.hypot(...xy(n));
  return r >= 11.72 && r <= 22.2;
};

/** A 60 HU liver with a 0 HU lesion (r 8 mm), plus whatever `paint` puts over it. */
function slice(paint: (x: number, y: number) => number | undefined): Float32Array {
  return Float32Array.from({ length: 3600 }, (_, n) => {
    const [x, y] = xy(n);
    return paint(x, y) ?? (Math.hypot(x, y) <= 8 ? 0 : 60);
  });
}

describe('liverRing', () => {
  it('takes the liver in the ring, leaving out a vessel crossing it, fat beyond its edge and the lesion', () => {
    const hu = slice((x, y) => (x === 15 ? 180 : y > 16 ? -100 : undefined));
    const ring = liverRing(GEOMETRY, 0, hu, ROI);
    expect(ring.innerMm).toBeCloseTo(11.72, 9);
    expect(ring.outerMm).toBeCloseTo(22.2, 9);
    expect(ring.stats?.median).toBe(60);
    expect(ring.pixels.every(inRing)).toBe(true);
    expect(ring.pixels.every((n) => hu[n] === 60)).toBe(true);
    // Most of the ring's liver is kept: what is lost are the pixels whose 3×3 mean touches the vessel
    // or the fat, and the piece the vessel and the fat cut off beyond the vessel (78 % kept).
    const liverInRing = Array.from(hu.keys()).filter((n) => inRing(n) && hu[n] === 60).length;
    expect(ring.pixels.length).toBeGreaterThan(0.7 * liverInRing);
    expect(ring.pixels.every((n) => xy(n)[0] < 15)).toBe(true);
    expect(ring.stats?.count).toBe(ring.pixels.length);
  });

  it('leaves out an organ of liver-like HU beyond a fat plane, and tissue of another HU touching the liver', () => {
    // A "spleen" at 75 HU (within the liver's band) at x ≥ 17, behind fat at x 14–16; "muscle" at 20 HU below.
    const hu = slice((x, y) => (x >= 17 ? 75 : x >= 14 ? -100 : y >= 15 ? 20 : undefined));
    const ring = liverRing(GEOMETRY, 0, hu, ROI);
    expect(ring.stats?.median).toBe(60);
    expect(ring.pixels.length).toBeGreaterThan(100);
    expect(ring.pixels.every((n) => hu[n] === 60)).toBe(true);
  });

  it('keeps to the liver for an ROI at the capsule, with the abdominal wall right against it', () => {
    // Liver up to y = 4, muscle (20 HU) beyond: the outer half of the ring is mostly muscle.
    const hu = slice((x, y) => (y > 4 && Math.hypot(x, y) > 8 ? 20 : undefined));
    const ring = liverRing(GEOMETRY, 0, hu, ROI);
    expect(ring.stats?.median).toBe(60);
    expect(ring.pixels.every((n) => hu[n] === 60)).toBe(true);
  });

  it('gives no reference when too little liver is left', () => {
    // Fat everywhere but a sliver of liver touching the ROI.
    const hu = slice((x, y) => (Math.hypot(x, y) <= 8 ? 0 : x >= -1 && x <= 1 && y < 0 ? 60 : -100));
    const ring = liverRing(GEOMETRY, 0, hu, ROI);
    expect(ring.pixels.length * 1).toBeLessThan(LIVER_RING.minAreaMm2);
    expect(ring.stats).toBeNull();
    expect(liverRing(GEOMETRY, 0, new Float32Array(3600).fill(-1000), ROI).stats).toBeNull();
  });

  it('gives no reference for an ROI off the liver, whose band holds only a corner of it', () => {
    // Radius 14 mm in fat, a 10 × 10 mm patch of liver against the band's inner edge: 100 mm², 5 % of the band.
    const hu = slice((x, y) => (x >= 19 && x < 29 && y >= -5 && y < 5 ? 60 : -100));
    const ring = liverRing(GEOMETRY, 0, hu, circularRoi(patientMm(0, 0, 0), 14));
    expect(ring.pixels.length).toBeGreaterThanOrEqual(LIVER_RING.minAreaMm2);
    expect(ring.stats).toBeNull();
  });
});
