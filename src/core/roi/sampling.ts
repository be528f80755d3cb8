/**
 * Resampling for the ROI alignment: trilinear samples of a volume on a cube of patient-axis steps,
 * so two phases with different spacing, origin or extent land on one grid, and a Gaussian blur
 * that works around the NaN samples outside a volume.
 */
import { patientToVoxel, type PatientMm, type Vec3, type VolumeGeometry } from '../geometry';

export interface HuVolume {
  readonly geometry: VolumeGeometry;
  /** HU, index i + j * columns + k * columns * rows. */
  readonly values: ArrayLike<number>;
}

export const at = (x: number, y: number, z: number): PatientMm => [x, y, z] as unknown as PatientMm;

/** A cube of samples on a patient-axis grid around the centre; NaN outside the volume. */
export interface Cube {
  readonly n: number;
  readonly values: Float32Array;
}

/** Trilinear samples on a cube of patient-axis steps around `center`; NaN outside the volume. */
export function sample(volume: HuVolume, center: PatientMm, half: number, step: number): Cube {
  const { geometry, values } = volume;
  const [cols, rows, slices] = geometry.dimensions;
  const n = 2 * half + 1;
  const out = new Float32Array(n * n * n);
  const start = patientToVoxel(geometry, at(center[0] - half * step, center[1] - half * step, center[2] - half * step));
  // The patient → voxel map is affine: one step along x, y, z is a fixed change of (i, j, k).
  const c0 = patientToVoxel(geometry, center);
  const delta = (x: number, y: number, z: number): Vec3 => {
    const v = patientToVoxel(geometry, at(center[0] + x, center[1] + y, center[2] + z));
    return [v[0] - c0[0], v[1] - c0[1], v[2] - c0[2]];
  };
  const ax = delta(step, 0, 0);
  const ay = delta(0, step, 0);
  const az = delta(0, 0, step);
  const plane = cols * rows;
  // Neighbour offsets, zero along an axis of one voxel so single-slice volumes still sample.
  const di = cols > 1 ? 1 : 0;
  const dj = rows > 1 ? cols : 0;
  const dk = slices > 1 ? plane : 0;
  const v = (q: number): number => values[q] as number;
  let o = 0;
  for (let c = 0; c < n; c++) {
    for (let b = 0; b < n; b++) {
      let vi = start[0] + b * ay[0] + c * az[0];
      let vj = start[1] + b * ay[1] + c * az[1];
      let vk = start[2] + b * ay[2] + c * az[2];
      for (let a = 0; a < n; a++, o++, vi += ax[0], vj += ax[1], vk += ax[2]) {
        // Up to half a voxel beyond the outer voxel centres still belongs to the volume.
        if (vi < -0.5 || vj < -0.5 || vk < -0.5 || vi > cols - 0.5 || vj > rows - 0.5 || vk > slices - 0.5) {
          out[o] = NaN;
          continue;
        }
        const i0 = Math.max(0, Math.min(Math.floor(vi), cols - 2));
        const j0 = Math.max(0, Math.min(Math.floor(vj), rows - 2));
        const k0 = Math.max(0, Math.min(Math.floor(vk), slices - 2));
        const fi = Math.max(0, Math.min(1, vi - i0));
        const fj = Math.max(0, Math.min(1, vj - j0));
        const fk = Math.max(0, Math.min(1, vk - k0));
        const p = i0 + j0 * cols + k0 * plane;
        const x00 = v(p) + fi * (v(p + di) - v(p));
        const x10 = v(p + dj) + fi * (v(p + dj + di) - v(p + dj));
        const x01 = v(p + dk) + fi * (v(p + dk + di) - v(p + dk));
        const x11 = v(p + dk + dj) + fi * (v(p + dk + dj + di) - v(p + dk + dj));
        const y0 = x00 + fj * (x10 - x00);
        const y1 = x01 + fj * (x11 - x01);
        out[o] = y0 + fk * (y1 - y0);
      }
    }
  }
  return { n, values: out };
}

/** Gaussian blur that ignores NaN samples (normalised convolution); NaN stays NaN. */
export function blur(cube: Cube, sigmaSteps: number): Cube {
  const { n, values } = cube;
  // Two sigmas: the taps beyond weigh under 14 % of the centre, and the alignment found as many
  // shifts as with 2.5 (`npm run bench:align -- --wide`; see SEARCH_SAMPLES in align.ts).
  const radius = Math.max(1, Math.ceil(2 * sigmaSteps));
  const kernel = new Float32Array(2 * radius + 1);
  for (let t = -radius; t <= radius; t++) kernel[t + radius] = Math.exp((-0.5 * t * t) / (sigmaSteps * sigmaSteps));
  // Each pass reads one buffer and writes the other: a search blurs several large cubes, and fresh
  // buffers per pass cost more in page faults than the passes themselves.
  const v = new Float32Array(values.length);
  let complete = true;
  for (let p = 0; p < values.length; p++) {
    const x = values[p] as number;
    if (x === x) v[p] = x;
    else complete = false;
  }
  const blurred = (source: Float32Array): Float32Array => {
    const spare = new Float32Array(source.length);
    convolve(source, spare, n, 1, kernel, radius);
    source.fill(0);
    convolve(spare, source, n, n, kernel, radius);
    spare.fill(0);
    convolve(source, spare, n, n * n, kernel, radius);
    return spare;
  };
  if (complete) {
    // No sample missing: the weights are the kernel's share inside the cube along each axis, a
    // product of three per-axis factors, so only the values need blurring (half the work).
    const out = blurred(v);
    const share = new Float32Array(n);
    for (let t = 0; t < n; t++) {
      for (let u = Math.max(0, t - radius); u <= Math.min(n - 1, t + radius); u++)
        share[t] = (share[t] as number) + (kernel[u - t + radius] as number);
    }
    for (let c = 0, p = 0; c < n; c++)
      for (let b = 0; b < n; b++)
        for (let a = 0; a < n; a++, p++)
          out[p] = (out[p] as number) / ((share[a] as number) * (share[b] as number) * (share[c] as number));
    return { n, values: out };
  }
  const w = new Float32Array(values.length);
  for (let p = 0; p < values.length; p++) if (values[p] === values[p]) w[p] = 1;
  const sums = blurred(v);
  const weights = blurred(w);
  for (let p = 0; p < values.length; p++) {
    const x = values[p] as number;
    sums[p] = x === x && (weights[p] as number) > 1e-3 ? (sums[p] as number) / (weights[p] as number) : NaN;
  }
  return { n, values: sums };
}

/**
 * One axis of a separable convolution of an n³ cube into `dst` (all zero), taps beyond the cube
 * left out. Along the slower axes whole runs of `stride` contiguous samples are added at once,
 * which is what keeps the blur cheap: the cube is read in memory order.
 */
function convolve(
  src: Float32Array,
  dst: Float32Array,
  n: number,
  stride: number,
  kernel: Float32Array,
  radius: number,
): void {
  if (stride === 1) {
    for (let o = 0; o < src.length; o += n) {
      for (let t = 0; t < n; t++) {
        const hi = Math.min(n - 1, t + radius);
        let s = 0;
        for (let u = Math.max(0, t - radius); u <= hi; u++)
          s += (kernel[u - t + radius] as number) * (src[o + u] as number);
        dst[o + t] = s;
      }
    }
    return;
  }
  const block = stride * n;
  for (let base = 0; base < src.length; base += block) {
    for (let t = 0; t < n; t++) {
      const out = base + t * stride;
      const hi = Math.min(n - 1, t + radius);
      for (let u = Math.max(0, t - radius); u <= hi; u++) {
        const k = kernel[u - t + radius] as number;
        const from = base + u * stride;
        for (let e = 0; e < stride; e++) dst[out + e] = (dst[out + e] as number) + k * (src[from + e] as number);
      }
    }
  }
}
