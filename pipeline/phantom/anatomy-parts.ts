/**
 * What the anatomy's sections share: the parts drawn so far, the study's stream and tissues, the
 * abdomen's frame and the liver's shape, and small shape helpers.
 */
import type { Vec3 } from '../../src/core/geometry';
import type { Phase } from '../../src/core/labels';
import type { Rng } from '../../src/core/random';
import type { ValueFn } from './paint';
import type { Ellipsoid, EllipticCylinder, Surface } from './shapes';
import type { Tissue } from './spec';

export interface Part {
  readonly name: string;
  readonly surface: Surface;
  /** Moves with breathing: shifted rigidly per phase together with the liver. */
  readonly mobile: boolean;
  readonly value: Readonly<Record<Phase, number | ValueFn>>;
}

export interface Anatomy {
  /** Everything painted before the lesions. */
  readonly background: readonly Part[];
  /** Painted after the lesions (ribs lie outside the liver anyway). */
  readonly foreground: readonly Part[];
  readonly body: Surface;
  readonly liver: readonly Ellipsoid[];
  /** Organs and vessels a lesion must not overlap. */
  readonly obstacles: readonly Surface[];
  readonly liverZ: readonly [number, number];
  /** The liver's parenchymal texture; lesions carry the same texture (docs/phantom-specification.md). */
  readonly parenchymaTexture: {
    readonly field: (x: number, y: number, z: number) => number;
    readonly amplitudeHu: number;
  };
}

const scratch = new Float64Array(1);

/** Distance (mm) from `p` to the liver surface, positive inside. */
export function liverDepth(anatomy: Pick<Anatomy, 'liver'>, p: Vec3): number {
  let depth = Number.NEGATIVE_INFINITY;
  for (const lobe of anatomy.liver) depth = Math.max(depth, -lobe.signedDistance(p[0], p[1], p[2], scratch));
  return depth;
}

/** The parts drawn so far, in paint order, and the organs a lesion must avoid. */
export class Parts {
  readonly background: Part[] = [];
  readonly foreground: Part[] = [];
  readonly obstacles: Surface[] = [];

  /** A part that moves with the liver when the patient breathes between phases. */
  moving(name: string, surface: Surface, value: Part['value']): void {
    this.background.push({ name, surface, value, mobile: true });
  }

  /** A part that stays put between phases (body wall, spine, bowel, aorta). */
  still(name: string, surface: Surface, value: Part['value'], layer: 'background' | 'foreground' = 'background'): void {
    this[layer].push({ name, surface, value, mobile: false });
  }
}

/** What every section draws from: the study's stream, its tissues and where the liver is centred. */
export interface Draw {
  readonly rng: Rng;
  readonly parts: Parts;
  readonly tissue: (name: Tissue) => Record<Phase, number>;
  readonly liverCenterZ: number;
}

/** The abdomen's frame: its centre, the cavity's semi-axes, the wall, the table and the spine. */
export interface Frame {
  readonly bx: number;
  readonly by: number;
  readonly cavityA: number;
  readonly cavityB: number;
  readonly muscle: number;
  readonly zLo: number;
  readonly zHi: number;
  readonly body: EllipticCylinder;
  readonly spineY: number;
  readonly vertebraR: number;
  readonly canalY: number;
}

/** The liver's two lobes (shapes only: they are painted after the gut they cover). */
export interface LiverShape {
  readonly rightLobe: Ellipsoid;
  readonly leftLobe: Ellipsoid;
  readonly liverZ: [number, number];
}

export function lobesOf(
  rng: Rng,
  count: number,
  amplitude: number,
): { direction: Vec3; amplitude: number; sharpness: number }[] {
  return Array.from({ length: count }, () => ({
    direction: rng.unitVector(),
    amplitude: rng.uniform(0.3, 1) * amplitude,
    sharpness: rng.uniform(2, 5),
  }));
}

export function rotationZ(angle: number): [Vec3, Vec3, Vec3] {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return [
    [c, s, 0],
    [-s, c, 0],
    [0, 0, 1],
  ];
}
