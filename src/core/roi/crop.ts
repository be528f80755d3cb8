/**
 * The model's input from an ROI: for each input phase, a square patch on the axial plane through
 * that phase's ROI centre (after alignment), sampled in patient mm so slice thickness and pixel
 * spacing do not change what the model sees, HU-windowed and quantised to bytes, then normalised
 * per channel. The dataset builder (Node) and the browser both call this, so training and
 * inference see the same pixels.
 */
import { patientToVoxel, type PatientMm, type Vec3 } from '../geometry';
import { boxAround, type VoxelBox } from './voxel-box';
import type { HuVolume } from './sampling';
import type { ImagePlane } from './roi';

/** How a crop is cut and normalised; stored in every model's manifest.json. */
export interface CropSpec {
  /** [height, width] of the model input. */
  readonly inputSize: readonly [number, number];
  /** Context around the ROI: the patch's half-side is the ROI radius × (1 + contextMargin). */
  readonly contextMargin: number;
  /** HU mapped to byte 0 and 255; values outside are clipped. */
  readonly huWindow: readonly [number, number];
  /** Per channel, applied to the byte value: (byte − mean) / std. */
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

/** Half the side of the square patch, mm. */
export function cropHalfSideMm(radiusMm: number, spec: Pick<CropSpec, 'contextMargin'>): number {
  return radiusMm * (1 + spec.contextMargin);
}

/** The voxels a crop reads from a volume (for reading only those slices); null when it misses it. */
export function cropBox(
  geometry: HuVolume['geometry'],
  center: PatientMm,
  radiusMm: number,
  spec: CropSpec,
): VoxelBox | null {
  const half = cropHalfSideMm(radiusMm, spec);
  // In plane the patch; across, the two slices either side of the plane (axial series).
  return boxAround(geometry, center, [half, half, geometry.spacing[2] / 2]);
}

/** HU at a continuous voxel index, trilinear, clamped to the volume's edge. */
function trilinear(volume: HuVolume, i: number, j: number, k: number): number {
  const [nx, ny, nz] = volume.geometry.dimensions;
  const clamp = (v: number, n: number) => Math.min(Math.max(v, 0), n - 1);
  const x = clamp(i, nx);
  const y = clamp(j, ny);
  const z = clamp(k, nz);
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const z0 = Math.floor(z);
  const x1 = Math.min(x0 + 1, nx - 1);
  const y1 = Math.min(y0 + 1, ny - 1);
  const z1 = Math.min(z0 + 1, nz - 1);
  const fx = x - x0;
  const fy = y - y0;
  const fz = z - z0;
  const v = volume.values;
  const at = (a: number, b: number, c: number) => v[a + nx * (b + ny * c)] ?? Number.NaN;
  const plane = (c: number) =>
    (at(x0, y0, c) * (1 - fx) + at(x1, y0, c) * fx) * (1 - fy) + (at(x0, y1, c) * (1 - fx) + at(x1, y1, c) * fx) * fy;
  return plane(z0) * (1 - fz) + plane(z1) * fz;
}

/**
 * One phase's patch as bytes (row-major, `inputSize`): the square of half-side
 * `cropHalfSideMm` on the plane through `center` spanned by `plane`, HU-windowed.
 */
export function cropPhase(
  volume: HuVolume,
  center: PatientMm,
  radiusMm: number,
  plane: ImagePlane,
  spec: CropSpec,
): Uint8Array {
  const [height, width] = spec.inputSize;
  const half = cropHalfSideMm(radiusMm, spec);
  const [lo, hi] = spec.huWindow;
  const out = new Uint8Array(height * width);
  const c = patientToVoxel(volume.geometry, center);
  // The patient → voxel map is affine: a step along the plane is a fixed change of (i, j, k).
  const step = (d: Vec3, mm: number): Vec3 => {
    const v = patientToVoxel(volume.geometry, [
      center[0] + d[0] * mm,
      center[1] + d[1] * mm,
      center[2] + d[2] * mm,
    ] as unknown as PatientMm);
    return [v[0] - c[0], v[1] - c[1], v[2] - c[2]];
  };
  const du = step(plane.row, (2 * half) / width);
  const dv = step(plane.column, (2 * half) / height);
  for (let row = 0; row < height; row++) {
    const v = row + 0.5 - height / 2;
    for (let col = 0; col < width; col++) {
      const u = col + 0.5 - width / 2;
      const hu = trilinear(
        volume,
        c[0] + u * du[0] + v * dv[0],
        c[1] + u * du[1] + v * dv[1],
        c[2] + u * du[2] + v * dv[2],
      );
      const t = Number.isNaN(hu) ? 0 : (hu - lo) / (hi - lo);
      out[row * width + col] = Math.round(255 * Math.min(1, Math.max(0, t)));
    }
  }
  return out;
}

/** Stacks per-phase patches into the model's input, HWC float32, normalised per channel. */
export function toModelInput(channels: readonly Uint8Array[], spec: CropSpec): Float32Array {
  const [height, width] = spec.inputSize;
  const n = channels.length;
  const out = new Float32Array(height * width * n);
  channels.forEach((bytes, ch) => {
    if (bytes.length !== height * width)
      throw new Error(`channel ${String(ch)} has ${String(bytes.length)} values, expected ${String(height * width)}`);
    const mean = spec.mean[ch] ?? 0;
    const std = spec.std[ch] ?? 1;
    for (let p = 0; p < height * width; p++) out[p * n + ch] = ((bytes[p] as number) - mean) / std;
  });
  return out;
}
