import { describe, expect, it } from 'vitest';
import { patientMm, type Vec3 } from '../../src/core/geometry';
import { Ellipsoid } from '../phantom/shapes';
import { addLesion, nearestHu, sphereOffsets, tissueShare, type WritableVolume } from './insert';

/** A 40 × 40 × 20 volume of 1 × 1 × 2.5 mm voxels, "liver" at 60 HU with a fixed ±5 HU pattern. */
function liverVolume(): WritableVolume {
  const dimensions = [40, 40, 20] as const;
  const values = new Float32Array(40 * 40 * 20).map((_, n) => 60 + (n % 3 === 0 ? 5 : -2.5));
  return {
    geometry: {
      dimensions,
      origin: patientMm(-20, -20, -25),
      rowDirection: [1, 0, 0],
      columnDirection: [0, 1, 0],
      sliceDirection: [0, 0, 1],
      spacing: [1, 1, 2.5],
    },
    values,
  };
}

describe('sphereOffsets', () => {
  it('fills a sphere: the count matches its volume, nothing lies outside', () => {
    const offsets = sphereOffsets(10, 1);
    expect(offsets.length / ((4 / 3) * Math.PI * 1000)).toBeGreaterThan(0.95);
    expect(offsets.length / ((4 / 3) * Math.PI * 1000)).toBeLessThan(1.05);
    expect(Math.max(...offsets.map((o) => Math.hypot(...o)))).toBeLessThanOrEqual(10);
  });
});

describe('tissueShare', () => {
  it('counts the points in range and those outside the volume as misses', () => {
    const volume = liverVolume();
    const offsets = sphereOffsets(5, 1);
    expect(tissueShare(volume, patientMm(0, 0, 0), offsets, [50, 70]).share).toBe(1);
    expect(tissueShare(volume, patientMm(0, 0, 0), offsets, [80, 90]).share).toBe(0);
    const atEdge = tissueShare(volume, patientMm(19, 0, 0), offsets, [50, 70]);
    expect(atEdge.share).toBeGreaterThan(0.3);
    expect(atEdge.share).toBeLessThan(0.8);
    expect(nearestHu(volume, patientMm(100, 0, 0))).toBeNaN();
  });
});

describe('addLesion', () => {
  const surface = new Ellipsoid([0, 0, 0], [6, 6, 6]);
  const shift: Vec3 = [2, -1, 0];

  it('sets the lesion HU plus the scan’s own fluctuation inside, leaves the far liver alone, and restores exactly', () => {
    const volume = liverVolume();
    const original = volume.values.slice();
    const restore = addLesion(volume, surface, () => 10, 60, shift, 0.7);
    const centre = nearestHu(volume, patientMm(2, -1, 0));
    const centreBefore = nearestHu({ ...volume, values: original }, patientMm(2, -1, 0));
    expect(centre - centreBefore).toBeCloseTo(-50, 3);
    const far = patientMm(-15, 15, -20);
    expect(nearestHu(volume, far)).toBe(nearestHu({ ...volume, values: original }, far));
    // The margin is partial volume: between the lesion's and the liver's HU, not a hard step.
    const margin =
      nearestHu(volume, patientMm(8, -1, 0)) - nearestHu({ ...volume, values: original }, patientMm(8, -1, 0));
    expect(margin).toBeLessThan(-5);
    expect(margin).toBeGreaterThan(-45);
    restore();
    expect(volume.values).toEqual(original);
  });

  it('moves with the phase’s shift', () => {
    const volume = liverVolume();
    const original = volume.values.slice();
    addLesion(volume, surface, () => 10, 60, [0, 0, 10], 0.7);
    const at = (z: number): number =>
      nearestHu(volume, patientMm(0, 0, z)) - nearestHu({ ...volume, values: original }, patientMm(0, 0, z));
    expect(at(10)).toBeCloseTo(-50, 3);
    expect(at(-10)).toBe(0);
  });
});
