import type { Vec3 } from '../../src/core/geometry';
import { edgeOccupancy, edgeSigma, indexRange, sliceZ, type AxialGrid } from './grid';
import type { Surface } from './shapes';

/**
 * HU inside a part at a point given in the part's own (unshifted) patient frame; `depthMm` is the
 * distance from the part's surface (positive inside), so rims and capsules need no extra geometry.
 */
export type ValueFn = ((x: number, y: number, z: number, depthMm: number) => number) & {
  /** Set by `usingDepth`: only such functions get an exact depth (it costs a distance per voxel). */
  readonly needsDepth?: true;
};

/** Marks a value function that reads `depthMm`; others receive NaN there. */
export const usingDepth = (fn: (x: number, y: number, z: number, depthMm: number) => number): ValueFn =>
  Object.assign(fn, { needsDepth: true as const });

export interface PaintOptions {
  /** Rigid shift of this part in this phase (breathing), mm. */
  readonly shift: Vec3;
  /** Edge blur in-plane, mm. */
  readonly inPlaneSigma: number;
  /** Edge blur through the slice, mm. */
  readonly sliceSigma: number;
}

/** Blends `value` into `hu` wherever `surface` covers a voxel, with partial volume at the edge. */
export function paintSurface(
  hu: Float32Array,
  grid: AxialGrid,
  surface: Surface,
  value: number | ValueFn,
  options: PaintOptions,
): void {
  const { shift, inPlaneSigma, sliceSigma } = options;
  const maxSigma = Math.max(inPlaneSigma, sliceSigma);
  const bounds = surface.bounds;
  const range = indexRange(grid, {
    min: [bounds.min[0] + shift[0], bounds.min[1] + shift[1], bounds.min[2] + shift[2]],
    max: [bounds.max[0] + shift[0], bounds.max[1] + shift[1], bounds.max[2] + shift[2]],
  });
  if (range === null) return;
  const normalZ = new Float64Array(1);
  const constant = typeof value === 'number' ? value : 0;
  const fn = typeof value === 'number' ? null : value;
  const needsDepth = fn?.needsDepth === true;
  const farOutside = 5 * maxSigma;
  const farInside = -5 * maxSigma;
  // Tiles of TILE×TILE pixels: one distance at the tile centre decides whether the whole tile is
  // far outside (skip) or deep inside (fill without per-voxel geometry). The distance functions
  // are close to 1-Lipschitz; the factor 1.5 covers the ellipsoid's first-order approximation.
  const tileReach = 1.5 * Math.SQRT2 * (TILE / 2) * grid.pixelSpacing;
  for (let k = range.k0; k <= range.k1; k++) {
    const z = sliceZ(grid, k) - shift[2];
    for (let tj = range.j0; tj <= range.j1; tj += TILE) {
      const tjEnd = Math.min(range.j1, tj + TILE - 1);
      for (let ti = range.i0; ti <= range.i1; ti += TILE) {
        const tiEnd = Math.min(range.i1, ti + TILE - 1);
        const centreX = grid.x0 + ((ti + tiEnd) / 2) * grid.pixelSpacing - shift[0];
        const centreY = grid.y0 + ((tj + tjEnd) / 2) * grid.pixelSpacing - shift[1];
        const centreD = surface.signedDistance(centreX, centreY, z, normalZ);
        if (centreD - tileReach > farOutside) continue;
        const inside = centreD + tileReach < farInside;
        for (let j = tj; j <= tjEnd; j++) {
          const y = grid.y0 + j * grid.pixelSpacing - shift[1];
          const rowOffset = (k * grid.rows + j) * grid.columns;
          for (let i = ti; i <= tiEnd; i++) {
            const x = grid.x0 + i * grid.pixelSpacing - shift[0];
            const index = rowOffset + i;
            if (inside && fn === null) {
              hu[index] = constant;
              continue;
            }
            const d = inside ? centreD : surface.signedDistance(x, y, z, normalZ);
            if (d > farOutside) continue;
            const a = d < farInside ? 1 : edgeOccupancy(d, edgeSigma(inPlaneSigma, sliceSigma, normalZ[0] as number));
            const depth = !inside ? -d : needsDepth ? -surface.signedDistance(x, y, z, normalZ) : Number.NaN;
            const v = fn === null ? constant : fn(x, y, z, depth);
            const current = hu[index] as number;
            hu[index] = current + a * (v - current);
          }
        }
      }
    }
  }
}

const TILE = 8;

/** A surface seen from outside: inside and outside swapped (to clear everything beyond the body). */
export class Complement implements Surface {
  readonly bounds;
  readonly zInvariant;
  constructor(
    private readonly inner: Surface,
    grid: AxialGrid,
  ) {
    this.zInvariant = inner.zInvariant;
    this.bounds = {
      min: [grid.x0 - 10, grid.y0 - 10, sliceZ(grid, grid.slices - 1) - 10] as const,
      max: [
        grid.x0 + grid.columns * grid.pixelSpacing + 10,
        grid.y0 + grid.rows * grid.pixelSpacing + 10,
        grid.z0 + 10,
      ] as const,
    };
  }

  signedDistance(x: number, y: number, z: number, normalZ: Float64Array): number {
    return -this.inner.signedDistance(x, y, z, normalZ);
  }
}

/**
 * A run of consecutive vertical prisms (body wall, spine, aorta…) painted once on one slice and
 * then applied to every slice: each blend `hu += a (v - hu)` is linear in the value underneath, so
 * a run of them is `hu * transmit + add` per pixel.
 */
export class PrismLayer {
  private readonly transmit: Float32Array;
  private readonly add: Float32Array;

  constructor(private readonly grid: AxialGrid) {
    this.transmit = new Float32Array(grid.columns * grid.rows).fill(1);
    this.add = new Float32Array(grid.columns * grid.rows);
  }

  paint(surface: Surface, value: number, shift: Vec3, inPlaneSigma: number): void {
    const { grid } = this;
    const range = indexRange(grid, {
      min: [
        surface.bounds.min[0] + shift[0],
        surface.bounds.min[1] + shift[1],
        grid.z0 - (grid.slices - 1) * grid.sliceSpacing,
      ],
      max: [surface.bounds.max[0] + shift[0], surface.bounds.max[1] + shift[1], grid.z0],
    });
    if (range === null) return;
    const normalZ = new Float64Array(1);
    const z = (surface.zInvariant?.zMin ?? 0) / 2 + (surface.zInvariant?.zMax ?? 0) / 2;
    const farOutside = 5 * inPlaneSigma;
    const farInside = -5 * inPlaneSigma;
    for (let j = range.j0; j <= range.j1; j++) {
      const y = grid.y0 + j * grid.pixelSpacing - shift[1];
      for (let i = range.i0; i <= range.i1; i++) {
        const x = grid.x0 + i * grid.pixelSpacing - shift[0];
        const d = surface.signedDistance(x, y, z, normalZ);
        if (d > farOutside) continue;
        const a = d < farInside ? 1 : edgeOccupancy(d, inPlaneSigma);
        const p = j * grid.columns + i;
        this.transmit[p] = (this.transmit[p] as number) * (1 - a);
        this.add[p] = (this.add[p] as number) * (1 - a) + a * value;
      }
    }
  }

  applyTo(hu: Float32Array): void {
    const size = this.transmit.length;
    for (let k = 0; k < this.grid.slices; k++) {
      const offset = k * size;
      for (let p = 0; p < size; p++) {
        const t = this.transmit[p] as number;
        if (t === 1) continue;
        hu[offset + p] = (hu[offset + p] as number) * t + (this.add[p] as number);
      }
    }
  }
}

/** Whether `surface`, moved by `shift`, is the same on every slice of `grid`. */
export function isPrismOver(surface: Surface, grid: AxialGrid, shift: Vec3): boolean {
  const span = surface.zInvariant;
  if (span === undefined) return false;
  const zTop = grid.z0 - shift[2];
  const zBottom = grid.z0 - (grid.slices - 1) * grid.sliceSpacing - shift[2];
  // Beyond 5 slice-blur widths from an end cap the cap cannot be seen.
  const margin = 5 * grid.sliceSpacing;
  return span.zMin < zBottom - margin && span.zMax > zTop + margin;
}
