/**
 * A lesion's shape, drawn per class from docs/phantom-specification.md: size, aspect ratios,
 * orientation, lobulation and margin softness; and the `irregular` outline family.
 */
import { cross, normalize, type Vec3 } from '../../src/core/geometry';
import type { LesionClass } from '../../src/core/labels';
import type { Rng } from '../../src/core/random';
import type { Lobe } from './shapes';
import { LESION_DIAMETER_MM } from './spec';

export interface LesionShape {
  readonly label: LesionClass;
  readonly diameterMm: number;
  readonly semiAxes: Vec3;
  readonly axes: readonly [Vec3, Vec3, Vec3];
  readonly lobes: readonly Lobe[];
  /** Margin softness (partial-volume blur), in voxels. */
  readonly softnessVoxels: number;
}

/** Draws size, aspect ratios, orientation, lobulation and margin of a lesion of `label`. */
export function sampleLesionShape(label: LesionClass, rng: Rng, maxDiameterMm: number): LesionShape {
  const [minD, maxD] = LESION_DIAMETER_MM[label];
  const diameterMm = rng.uniform(minD, Math.max(minD, Math.min(maxD, maxDiameterMm)));
  const radius = diameterMm / 2;
  const semiAxes = rng.shuffle([radius, radius * rng.uniform(0.7, 1), radius * rng.uniform(0.7, 1)]) as unknown as Vec3;
  const lobulated = label === 'FNH' || label === 'HEM';
  const lobes: Lobe[] = [];
  const lobeCount = lobulated ? rng.int(3, 6) : 0;
  for (let i = 0; i < lobeCount; i++) {
    lobes.push({ direction: rng.unitVector(), amplitude: rng.uniform(0.04, 0.1), sharpness: rng.uniform(4, 8) });
  }
  const softnessVoxels =
    label === 'CYST' ? rng.uniform(0.5, 0.7) : label === 'METS' ? rng.uniform(1.2, 2) : rng.uniform(0.5, 1.5);
  return { label, diameterMm, semiAxes, axes: randomFrame(rng), lobes, softnessVoxels };
}

/**
 * The `irregular` outline family: lobulation for every class (irregular for METS and HCC, barely
 * for cysts) and a margin anywhere from sharper to much more blurred than the class's own.
 */
export function roughenOutline(shape: LesionShape, rng: Rng): LesionShape {
  const [count, amplitude]: [readonly [number, number], readonly [number, number]] =
    shape.label === 'CYST'
      ? [
          [0, 2],
          [0.02, 0.06],
        ]
      : shape.label === 'METS' || shape.label === 'HCC'
        ? [
            [2, 7],
            [0.06, 0.2],
          ]
        : [
            [3, 7],
            [0.06, 0.16],
          ];
  const lobes: Lobe[] = [...shape.lobes];
  const extra = rng.int(...count);
  for (let i = 0; i < extra; i++) {
    lobes.push({ direction: rng.unitVector(), amplitude: rng.uniform(...amplitude), sharpness: rng.uniform(3, 8) });
  }
  return { ...shape, lobes, softnessVoxels: shape.softnessVoxels * rng.uniform(0.6, 2.2) };
}

function randomFrame(rng: Rng): [Vec3, Vec3, Vec3] {
  const u = rng.unitVector();
  const helper: Vec3 = Math.abs(u[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
  const v = normalize(cross(u, helper));
  const w = cross(u, v);
  return [u, v, w];
}
