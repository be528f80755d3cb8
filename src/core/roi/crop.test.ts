import { describe, expect, it } from 'vitest';
import { patientMm, voxelToPatient, voxelIndex, type VolumeGeometry } from '../geometry';
import { cropBox, cropHalfSideMm, cropPhase, toModelInput, type CropSpec } from './crop';
import { readHuBox } from './hu-box';
import type { HuVolume } from './sampling';

const spec: CropSpec = {
  inputSize: [16, 16],
  contextMargin: 0.5,
  huWindow: [-100, 155],
  mean: [100, 50, 0],
  std: [2, 1, 1],
};
const axial = { row: [1, 0, 0], column: [0, 1, 0] } as const;

/** A volume whose HU is a smooth function of the patient position: the same anatomy at any spacing. */
function volume(spacing: readonly [number, number, number], dims: readonly [number, number, number]): HuVolume {
  const geometry: VolumeGeometry = {
    dimensions: dims,
    origin: patientMm(-40, -40, 60),
    rowDirection: [1, 0, 0],
    columnDirection: [0, 1, 0],
    sliceDirection: [0, 0, -1],
    spacing,
  };
  const values = new Float32Array(dims[0] * dims[1] * dims[2]);
  for (let k = 0; k < dims[2]; k++)
    for (let j = 0; j < dims[1]; j++)
      for (let i = 0; i < dims[0]; i++) {
        const p = voxelToPatient(geometry, voxelIndex(i, j, k));
        values[i + dims[0] * (j + dims[1] * k)] = 2 * p[0] + p[1] + 3 * p[2];
      }
  return { geometry, values };
}

describe('ROI crops', () => {
  it('samples the plane through the centre in mm, whatever the voxel spacing', () => {
    const center = patientMm(3, -2, 45);
    const fine = cropPhase(volume([0.5, 0.5, 1], [161, 161, 40]), center, 8, axial, spec);
    const coarse = cropPhase(volume([1, 1, 2.5], [81, 81, 16]), center, 8, axial, spec);
    // HU = 2x + y + 3z is linear, so trilinear sampling is exact at both spacings.
    expect([...coarse]).toEqual([...fine]);
    // Pixel (row 0, col 0) sits half a pixel in from the patch corner.
    const half = cropHalfSideMm(8, spec);
    const pixel = (2 * half) / 16;
    const x = 3 - half + pixel / 2;
    const y = -2 - half + pixel / 2;
    const hu = 2 * x + y + 3 * 45;
    expect(fine[0]).toBe(Math.round((255 * (hu + 100)) / 255));
  });

  it('clips HU to the window', () => {
    // HU here lies between about 10 and 300: above one window, below the other.
    const v = volume([1, 1, 1], [81, 81, 10]);
    const hot = cropPhase(v, patientMm(0, 0, 55), 5, axial, { ...spec, huWindow: [-1000, -745] });
    const cold = cropPhase(v, patientMm(0, 0, 55), 5, axial, { ...spec, huWindow: [400, 655] });
    expect(Math.min(...hot)).toBe(255);
    expect(Math.max(...cold)).toBe(0);
  });

  it('needs only the voxels of its box', async () => {
    const full = volume([0.8, 0.8, 3], [101, 101, 12]);
    const center = patientMm(-6, 11, 40.5);
    const box = cropBox(full.geometry, center, 9, spec);
    if (box === null) throw new Error('box misses the volume');
    const values = full.values as Float32Array;
    const part = await readHuBox(full.geometry, box, (k) =>
      Promise.resolve(values.subarray(k * 101 * 101, (k + 1) * 101 * 101)),
    );
    expect(box.slices[1] - box.slices[0]).toBeLessThanOrEqual(2);
    expect([...cropPhase(part, center, 9, axial, spec)]).toEqual([...cropPhase(full, center, 9, axial, spec)]);
  });

  it('stacks phases as channels (HWC) and normalises each with its own mean and std', () => {
    const [h, w] = spec.inputSize;
    const a = new Uint8Array(h * w).fill(104);
    const b = new Uint8Array(h * w).fill(51);
    const c = new Uint8Array(h * w).fill(7);
    const input = toModelInput([a, b, c], spec);
    expect(input).toHaveLength(h * w * 3);
    expect([...input.slice(0, 6)]).toEqual([2, 1, 7, 2, 1, 7]);
    expect(() => toModelInput([a, b, new Uint8Array(3)], spec)).toThrow(/channel 2 has 3 values/);
  });
});
