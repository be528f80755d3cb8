/**
 * ROI alignment on synthetic volumes: a liver-like region with a lesion and vessels that moves
 * rigidly and changes contrast between the two volumes, inside a static body wall with bone.
 */
import { describe, expect, it } from 'vitest';
import { patientMm, voxelIndex, voxelToPatient, type Vec3, type VolumeGeometry } from '../geometry';
import { Rng } from '../random';
import { alignmentBins, alignmentBox, alignRoi, type HuVolume } from './align';
import { copyHuBox } from './hu-box';

/** HU per tissue in the two "phases": lesion and vessels swap from dark to bright. */
const CONTRAST = {
  fixed: { liver: 110, lesion: 60, vessel: 170 },
  moving: { liver: 60, lesion: 130, vessel: 35 },
} as const;

function geometry(spacing: Vec3, dimensions: readonly [number, number, number], origin: Vec3): VolumeGeometry {
  return {
    dimensions,
    origin: patientMm(...origin),
    rowDirection: [1, 0, 0],
    columnDirection: [0, 1, 0],
    sliceDirection: [0, 0, -1],
    spacing,
  };
}

const STANDARD = geometry([1.5, 1.5, 2.5], [120, 120, 40], [-89.25, -89.25, 48.75]);

/** The scene at patient point (x, y, z); mobile parts are displaced by `shift`. */
function hu(x: number, y: number, z: number, shift: Vec3, phase: keyof typeof CONTRAST): number {
  const c = CONTRAST[phase];
  const r = Math.hypot(x / 80, y / 80);
  // Static: body wall (muscle) with ribs, fat between wall and liver.
  if (r > 0.95) return 40;
  if (r > 0.85) return Math.hypot(x - 70, y) < 6 || Math.hypot(x + 40, y - 64) < 6 ? 700 : 55;
  const [u, v, w] = [x - shift[0], y - shift[1], z - shift[2]];
  if (Math.hypot(u / 60, v / 50, w / 70) > 1) return -100;
  if (Math.hypot(u, v, w * 1.2) < 9) return c.lesion;
  if (Math.hypot(u - 18, v + 10) < 3.5 || Math.hypot(v - 20, w - 5) < 3 || Math.hypot(u + 22, w + 12) < 4) {
    return c.vessel;
  }
  return c.liver;
}

function volume(g: VolumeGeometry, shift: Vec3, phase: keyof typeof CONTRAST, seed: string): HuVolume {
  const rng = new Rng(seed);
  const [cols, rows, slices] = g.dimensions;
  const values = new Float32Array(cols * rows * slices);
  for (let k = 0; k < slices; k++) {
    for (let j = 0; j < rows; j++) {
      for (let i = 0; i < cols; i++) {
        const p = voxelToPatient(g, voxelIndex(i, j, k));
        values[i + cols * (j + rows * k)] = hu(p[0], p[1], p[2], shift, phase) + 12 * rng.normal();
      }
    }
  }
  return { geometry: g, values };
}

const fixed = volume(STANDARD, [0, 0, 0], 'fixed', 'fixed');
const CENTER = patientMm(0, 0, 0);
const RADIUS = 9;

function expectWithinVoxel(found: Vec3, truth: Vec3, spacing: Vec3): void {
  for (let a = 0; a < 3; a++) {
    expect(Math.abs((found[a] as number) - (truth[a] as number)), `axis ${String(a)}`).toBeLessThanOrEqual(
      spacing[a] as number,
    );
  }
}

describe('alignRoi', () => {
  it('recovers a non-integer shift within one voxel despite contrast changes and static neighbours', () => {
    for (const truth of [
      [4.3, -6.1, 3.7],
      [-7.2, 2.6, -5.4],
    ] as const) {
      const moving = volume(STANDARD, truth, 'moving', `moving ${truth.join()}`);
      const result = alignRoi(fixed, moving, CENTER, RADIUS);
      expectWithinVoxel(result.shiftMm, truth, STANDARD.spacing);
      expect(result.confident).toBe(true);
    }
  });

  it('finds no shift between two noisy copies of one scene', () => {
    const result = alignRoi(fixed, volume(STANDARD, [0, 0, 0], 'moving', 'copy'), CENTER, RADIUS);
    expectWithinVoxel(result.shiftMm, [0, 0, 0], STANDARD.spacing);
  });

  it('aligns volumes with different spacing, origin and extent', () => {
    const other = geometry([1.1, 1.1, 3], [150, 150, 30], [-80.3, -85.1, 41.2]);
    const truth: Vec3 = [-3.4, 5.3, 4.6];
    const result = alignRoi(fixed, volume(other, truth, 'moving', 'other'), CENTER, RADIUS);
    expectWithinVoxel(result.shiftMm, truth, other.spacing);
  });

  it('stays within the search range and says so when the answer lies beyond it', () => {
    const truth: Vec3 = [9, -3, 2];
    const moving = volume(STANDARD, truth, 'moving', 'far');
    const limited = alignRoi(fixed, moving, CENTER, RADIUS, { searchMm: 5 });
    for (const v of limited.shiftMm) expect(Math.abs(v)).toBeLessThanOrEqual(5);
    expect(limited.confident).toBe(false);
    expectWithinVoxel(alignRoi(fixed, moving, CENTER, RADIUS, { searchMm: 12 }).shiftMm, truth, STANDARD.spacing);
  });
});

describe('alignmentBox', () => {
  /** The box's voxels as a volume of their own, as a viewer that reads only those slices has. */
  function crop(source: HuVolume, box: NonNullable<ReturnType<typeof alignmentBox>>): HuVolume {
    const [cols, rows] = source.geometry.dimensions;
    const [i0, i1] = box.columns;
    const [j0, j1] = box.rows;
    const [k0, k1] = box.slices;
    const [nx, ny, nz] = [i1 - i0 + 1, j1 - j0 + 1, k1 - k0 + 1];
    const values = new Float32Array(nx * ny * nz);
    for (let k = 0; k < nz; k++)
      for (let j = 0; j < ny; j++)
        for (let i = 0; i < nx; i++) {
          values[i + nx * (j + ny * k)] = source.values[i + i0 + cols * (j + j0 + rows * (k + k0))] as number;
        }
    const origin = voxelToPatient(source.geometry, voxelIndex(i0, j0, k0));
    return { geometry: { ...source.geometry, dimensions: [nx, ny, nz], origin }, values };
  }

  it('holds every voxel the alignment reads', () => {
    const truth: Vec3 = [5.1, -2.2, -3.3];
    const moving = volume(STANDARD, truth, 'moving', 'box');
    const center = patientMm(3, -4, 2);
    const options = { searchMm: 8, marginMm: 12 };
    const box = alignmentBox(STANDARD, center, RADIUS, options);
    expect(box).not.toBeNull();
    if (box === null) return;
    // Strictly inside the volume here, so the test shows the box is not simply everything.
    expect(box.columns[0]).toBeGreaterThan(0);
    expect(box.slices[1]).toBeLessThan(STANDARD.dimensions[2] - 1);
    const fixedBox = alignmentBox(STANDARD, center, RADIUS, options, 'fixed');
    if (fixedBox === null) throw new Error('no fixed box');
    // The fixed phase needs only the context, not the search's reach.
    expect(fixedBox.slices[1] - fixedBox.slices[0]).toBeLessThan(box.slices[1] - box.slices[0]);
    expect(fixedBox.columns[1] - fixedBox.columns[0]).toBeLessThan(box.columns[1] - box.columns[0]);
    const full = alignRoi(fixed, moving, center, RADIUS, options);
    const cropped = alignRoi(crop(fixed, fixedBox), crop(moving, box), center, RADIUS, options);
    // Same samples, up to rounding in the cropped origin.
    for (let a = 0; a < 3; a++) expect(cropped.shiftMm[a]).toBeCloseTo(full.shiftMm[a] as number, 2);
    expect(cropped.score).toBeCloseTo(full.score, 3);
  });

  it('averages fine pixels first, and a viewer reading the box averaged gets the same answer', () => {
    // 0.5 mm pixels: the search's 1.5 mm grid holds three by three of them.
    const fine = geometry([0.5, 0.5, 2.5], [200, 200, 40], [-49.75, -49.75, 48.75]);
    const truth: Vec3 = [3.4, -2.6, 4.1];
    const fixedFine = volume(fine, [0, 0, 0], 'fixed', 'fine-fixed');
    const movingFine = volume(fine, truth, 'moving', 'fine-moving');
    const center = patientMm(2.2, -1.3, 1.1);
    const options = { searchMm: 8, marginMm: 12 };
    const bins = alignmentBins(fine, RADIUS, options);
    expect(bins).toEqual([3, 3]);
    const read = (source: HuVolume, role: 'fixed' | 'moving'): HuVolume => {
      const box = alignmentBox(fine, center, RADIUS, options, role);
      if (box === null) throw new Error('no box');
      expect(box.columns[0] % 3).toBe(0);
      expect((box.columns[1] + 1) % 3).toBe(0);
      const plane = 200 * 200;
      return copyHuBox(fine, box, (k) => (source.values as Float32Array).subarray(k * plane, (k + 1) * plane), bins);
    };
    const viewer = alignRoi(read(fixedFine, 'fixed'), read(movingFine, 'moving'), center, RADIUS, options);
    const whole = alignRoi(fixedFine, movingFine, center, RADIUS, options);
    // Bit for bit: the dataset builder aligns whole volumes, the page the boxes it read.
    expect(viewer).toEqual(whole);
    expectWithinVoxel(whole.shiftMm, truth, [1.5, 1.5, 2.5]);
    expect(whole.confident).toBe(true);
  });

  it('is null for a region outside the volume', () => {
    expect(alignmentBox(STANDARD, patientMm(0, 0, 400), 10)).toBeNull();
  });
});
