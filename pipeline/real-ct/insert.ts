/**
 * Synthetic lesions on a real background: a lesion drawn by the phantom generator (shape and
 * per-phase pattern, docs/phantom-specification.md) is added to a real CT volume as a change against the
 * local liver, so the real anatomy, texture and noise stay under and around it:
 *
 *   HU' = HU + occupancy × (lesion HU − local liver HU)
 *
 * Inside the lesion that is the lesion's HU plus the real scan's own fluctuation about its liver
 * mean; at the margin the occupancy falls off with the scan's partial volume (its slice
 * thickness and in-plane blur). The change is undone afterwards, so one volume serves every lesion.
 */
import {
  patientMm,
  patientToVoxel,
  voxelToPatient,
  voxelIndex,
  type PatientMm,
  type Vec3,
} from '../../src/core/geometry';
import type { HuVolume } from '../../src/core/roi/align';
import { edgeOccupancy, edgeSigma, slabSigma } from '../phantom/grid';
import type { ValueFn } from '../phantom/paint';
import type { Surface } from '../phantom/shapes';

export interface WritableVolume extends HuVolume {
  readonly values: Float32Array;
}

/** Points of a cubic lattice (`stepMm`) inside a sphere, as offsets from its centre. */
export function sphereOffsets(radiusMm: number, stepMm: number): Vec3[] {
  const n = Math.floor(radiusMm / stepMm);
  const out: Vec3[] = [];
  for (let a = -n; a <= n; a++)
    for (let b = -n; b <= n; b++)
      for (let c = -n; c <= n; c++) {
        const offset: Vec3 = [a * stepMm, b * stepMm, c * stepMm];
        if (Math.hypot(...offset) <= radiusMm) out.push(offset);
      }
  return out;
}

/** HU at the voxel nearest to `point`; NaN outside the volume. */
export function nearestHu(volume: HuVolume, point: PatientMm): number {
  const [cols, rows, slices] = volume.geometry.dimensions;
  const v = patientToVoxel(volume.geometry, point);
  const i = Math.round(v[0]);
  const j = Math.round(v[1]);
  const k = Math.round(v[2]);
  if (i < 0 || j < 0 || k < 0 || i >= cols || j >= rows || k >= slices) return Number.NaN;
  return volume.values[i + j * cols + k * cols * rows] as number;
}

export interface TissueCheck {
  /** Share of the sphere's points whose HU lies in the range (points outside the volume count as misses). */
  readonly share: number;
  readonly median: number;
}

/** How much of a sphere lies in an HU range, and its median HU: is this spot liver, on this phase? */
export function tissueShare(
  volume: HuVolume,
  center: PatientMm,
  offsets: readonly Vec3[],
  [low, high]: readonly [number, number],
): TissueCheck {
  const values: number[] = [];
  let hits = 0;
  for (const o of offsets) {
    const hu = nearestHu(volume, patientMm(center[0] + o[0], center[1] + o[1], center[2] + o[2]));
    if (Number.isNaN(hu)) continue;
    values.push(hu);
    if (hu >= low && hu <= high) hits++;
  }
  values.sort((a, b) => a - b);
  return { share: hits / offsets.length, median: values[Math.floor(values.length / 2)] ?? Number.NaN };
}

/**
 * Adds `surface` (defined around the lesion's centre on the phase it was drawn on, moved by
 * `shift` on this phase) with the value function of this phase, against `liverHu`. Returns a
 * function that restores the volume exactly.
 */
export function addLesion(
  volume: WritableVolume,
  surface: Surface,
  value: ValueFn,
  liverHu: number,
  shift: Vec3,
  inPlaneBlurPx: number,
): () => void {
  const { geometry, values } = volume;
  const [cols, rows, slices] = geometry.dimensions;
  const inPlaneSigma = inPlaneBlurPx * geometry.spacing[0];
  // The slice's own thickness blurs along z (the spacing stands in for it: contiguous slices).
  const sliceSigma = slabSigma(geometry.spacing[2]);
  const reach = 4 * Math.max(inPlaneSigma, sliceSigma);
  const { min, max } = surface.bounds;
  const low = [0, 1, 2].map((a) => (min[a] as number) + (shift[a] as number) - reach);
  const high = [0, 1, 2].map((a) => (max[a] as number) + (shift[a] as number) + reach);
  const corners = [0, 1, 2, 3, 4, 5, 6, 7].map((bits) =>
    patientToVoxel(
      geometry,
      patientMm(
        ((bits & 1) === 0 ? low : high)[0] as number,
        ((bits & 2) === 0 ? low : high)[1] as number,
        ((bits & 4) === 0 ? low : high)[2] as number,
      ),
    ),
  );
  const range = (axis: 0 | 1 | 2, size: number): [number, number] => [
    Math.max(0, Math.floor(Math.min(...corners.map((v) => v[axis])))),
    Math.min(size - 1, Math.ceil(Math.max(...corners.map((v) => v[axis])))),
  ];
  const [i0, i1] = range(0, cols);
  const [j0, j1] = range(1, rows);
  const [k0, k1] = range(2, slices);
  const saved: [number, number][] = [];
  const normalZ = new Float64Array(1);
  for (let k = k0; k <= k1; k++) {
    for (let j = j0; j <= j1; j++) {
      for (let i = i0; i <= i1; i++) {
        const p = voxelToPatient(geometry, voxelIndex(i, j, k));
        const x = p[0] - shift[0];
        const y = p[1] - shift[1];
        const z = p[2] - shift[2];
        const d = surface.signedDistance(x, y, z, normalZ);
        const occupancy = edgeOccupancy(d, edgeSigma(inPlaneSigma, sliceSigma, normalZ[0] as number));
        if (occupancy < 1e-3) continue;
        const index = i + j * cols + k * cols * rows;
        const before = values[index] as number;
        saved.push([index, before]);
        values[index] = before + occupancy * (value(x, y, z, -d) - liverHu);
      }
    }
  }
  return () => {
    for (const [index, before] of saved) values[index] = before;
  };
}
