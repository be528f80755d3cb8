/**
 * Geometric primitives of the phantom. Each can report a signed distance (mm, negative inside,
 * exact near the surface for spheres and capsules, first-order for ellipsoids) and the z-component
 * of its outward normal, which is all the painter needs for partial-volume edges.
 */
import type { Vec3 } from '../../src/core/geometry';
import type { Bounds } from './grid';

export interface Surface {
  readonly bounds: Bounds;
  /** Set when the shape does not change along z between these limits (a vertical prism). */
  readonly zInvariant?: { readonly zMin: number; readonly zMax: number };
  /** Signed distance at (x, y, z); writes the normal's z-component into `normalZ[0]`. */
  signedDistance(x: number, y: number, z: number, normalZ: Float64Array): number;
}

/** A bump on an ellipsoid's surface: radius grows by `amplitude` towards `direction`. */
export interface Lobe {
  readonly direction: Vec3;
  readonly amplitude: number;
  /** Angular sharpness: larger gives narrower lobes. */
  readonly sharpness: number;
}

/**
 * An ellipsoid with a rotation and optional lobulation. `axes` are the local x/y/z axes as unit
 * vectors in patient space (rows of the world→local rotation).
 */
export class Ellipsoid implements Surface {
  readonly bounds: Bounds;
  private readonly maxLobe: number;

  constructor(
    readonly center: Vec3,
    readonly semiAxes: Vec3,
    readonly axes: readonly [Vec3, Vec3, Vec3] = [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ],
    readonly lobes: readonly Lobe[] = [],
  ) {
    this.maxLobe = 1 + lobes.reduce((sum, lobe) => sum + Math.max(0, lobe.amplitude), 0);
    // Half-extent along world axis w of a rotated ellipsoid: sqrt(Σ (semiAxis_i · axis_i[w])²).
    const reach = [0, 1, 2].map(
      (w) =>
        Math.sqrt(axes.reduce((sum, axis, i) => sum + ((semiAxes[i] as number) * (axis[w] as number)) ** 2, 0)) *
          this.maxLobe +
        8,
    ) as unknown as Vec3;
    this.bounds = {
      min: [center[0] - reach[0], center[1] - reach[1], center[2] - reach[2]],
      max: [center[0] + reach[0], center[1] + reach[1], center[2] + reach[2]],
    };
  }

  /** Local coordinates of a point, normalised so the (unlobed) surface is at radius 1. */
  toLocal(x: number, y: number, z: number, out: Float64Array): void {
    const dx = x - this.center[0];
    const dy = y - this.center[1];
    const dz = z - this.center[2];
    const [a, b, c] = this.axes;
    out[0] = (dx * a[0] + dy * a[1] + dz * a[2]) / this.semiAxes[0];
    out[1] = (dx * b[0] + dy * b[1] + dz * b[2]) / this.semiAxes[1];
    out[2] = (dx * c[0] + dy * c[1] + dz * c[2]) / this.semiAxes[2];
  }

  /** Radius scale of the lobulated surface in the local direction (qx, qy, qz)/r. */
  lobeScale(qx: number, qy: number, qz: number, r: number): number {
    if (this.lobes.length === 0 || r === 0) return 1;
    let scale = 1;
    for (const lobe of this.lobes) {
      const cos = (qx * lobe.direction[0] + qy * lobe.direction[1] + qz * lobe.direction[2]) / r;
      scale += lobe.amplitude * Math.exp(lobe.sharpness * (cos - 1));
    }
    return scale;
  }

  private readonly local = new Float64Array(3);

  signedDistance(x: number, y: number, z: number, normalZ: Float64Array): number {
    const q = this.local;
    this.toLocal(x, y, z, q);
    const qx = q[0] as number;
    const qy = q[1] as number;
    const qz = q[2] as number;
    const r = Math.sqrt(qx * qx + qy * qy + qz * qz);
    const s = this.semiAxes;
    // Far from the surface the lobes cannot change the answer much: skip their exponentials.
    const scale = r > this.maxLobe * 1.6 ? this.maxLobe : r < 0.6 ? 1 : this.lobeScale(qx, qy, qz, r);
    // Gradient of r in local metric space; its length converts (r - 1) into mm.
    const gx = qx / s[0];
    const gy = qy / s[1];
    const gz = qz / s[2];
    const g = Math.sqrt(gx * gx + gy * gy + gz * gz);
    if (g < 1e-9) {
      normalZ[0] = 0;
      return -Math.min(s[0], s[1], s[2]) * scale;
    }
    const [a, b, c] = this.axes;
    normalZ[0] = (gx * a[2] + gy * b[2] + gz * c[2]) / g;
    return ((r - scale) * r) / g;
  }
}

/** An axis-aligned (along z) elliptic cylinder, optionally cut flat at y = yCut (posterior). */
export class EllipticCylinder implements Surface {
  readonly bounds: Bounds;

  constructor(
    readonly cx: number,
    readonly cy: number,
    readonly ax: number,
    readonly ay: number,
    readonly zMin: number,
    readonly zMax: number,
    readonly yCut = Number.POSITIVE_INFINITY,
  ) {
    this.bounds = { min: [cx - ax - 10, cy - ay - 10, zMin - 10], max: [cx + ax + 10, cy + ay + 10, zMax + 10] };
    this.zInvariant = { zMin, zMax };
  }

  readonly zInvariant: { readonly zMin: number; readonly zMax: number };

  signedDistance(x: number, y: number, z: number, normalZ: Float64Array): number {
    const ux = (x - this.cx) / this.ax;
    const uy = (y - this.cy) / this.ay;
    const r = Math.sqrt(ux * ux + uy * uy);
    const gx = ux / this.ax;
    const gy = uy / this.ay;
    const g = Math.sqrt(gx * gx + gy * gy);
    const dEllipse = g < 1e-9 ? -Math.min(this.ax, this.ay) : ((r - 1) * r) / g;
    const dCut = y - this.yCut;
    const dCaps = Math.max(this.zMin - z, z - this.zMax);
    const d = Math.max(dEllipse, dCut, dCaps);
    normalZ[0] = d === dCaps ? 1 : 0;
    return d;
  }
}

/** A tube between two points whose radius tapers linearly from r0 to r1. */
export class Capsule implements Surface {
  readonly bounds: Bounds;
  private readonly axis: Vec3;
  private readonly lengthSq: number;

  constructor(
    readonly p0: Vec3,
    readonly p1: Vec3,
    readonly r0: number,
    readonly r1: number,
  ) {
    this.axis = [p1[0] - p0[0], p1[1] - p0[1], p1[2] - p0[2]];
    this.lengthSq = Math.max(1e-9, this.axis[0] ** 2 + this.axis[1] ** 2 + this.axis[2] ** 2);
    const pad = Math.max(r0, r1) + 6;
    this.bounds = {
      min: [Math.min(p0[0], p1[0]) - pad, Math.min(p0[1], p1[1]) - pad, Math.min(p0[2], p1[2]) - pad],
      max: [Math.max(p0[0], p1[0]) + pad, Math.max(p0[1], p1[1]) + pad, Math.max(p0[2], p1[2]) + pad],
    };
    const vertical = p0[0] === p1[0] && p0[1] === p1[1] && r0 === r1;
    this.zInvariant = vertical ? { zMin: Math.min(p0[2], p1[2]), zMax: Math.max(p0[2], p1[2]) } : undefined;
  }

  readonly zInvariant: { readonly zMin: number; readonly zMax: number } | undefined;

  signedDistance(x: number, y: number, z: number, normalZ: Float64Array): number {
    const dx = x - this.p0[0];
    const dy = y - this.p0[1];
    const dz = z - this.p0[2];
    const t = Math.min(1, Math.max(0, (dx * this.axis[0] + dy * this.axis[1] + dz * this.axis[2]) / this.lengthSq));
    const ex = dx - t * this.axis[0];
    const ey = dy - t * this.axis[1];
    const ez = dz - t * this.axis[2];
    const dist = Math.sqrt(ex * ex + ey * ey + ez * ez);
    normalZ[0] = dist > 1e-9 ? ez / dist : 0;
    return dist - (this.r0 + t * (this.r1 - this.r0));
  }
}
