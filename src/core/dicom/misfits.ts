/**
 * Slices that do not belong with the rest of their series. Damaged copies that keep their series
 * UID (a few header bytes flipped, a position lost, another matrix) used to turn a whole series
 * into an unpositioned stack; here the series' own geometry is the one most of its slices share
 * (orientation, in-plane origin, matrix, pixel spacing, pixel format, HU scaling), and the slices that disagree with it, or
 * repeat an image already read (same SOPInstanceUID), are left out and counted by reason. The
 * intact slices keep the series' geometry. Only a clear majority sets the geometry: a series split
 * half and half is left as it is, for its own messages to describe.
 */
import { cross, dot, type Vec3 } from '../geometry';
import { imageKey, type SliceMeta } from './slice';

export interface MisfitCheck {
  readonly kept: SliceMeta[];
  /** Reason → how many slices it left out. */
  readonly leftOut: ReadonlyMap<string, number>;
}

/** What slices of one stack must share, rounded so that text-to-number noise does not count. */
function signature(slice: SliceMeta): string | undefined {
  const { imageOrientationPatient: orientation, imagePositionPatient: position } = slice;
  if (orientation === undefined || position === undefined) return undefined;
  // Where the slice's first pixel lies within its own plane: the same for every slice of a stack.
  const inPlane = orientation.map((axis) => dot(axis, position).toFixed(2));
  return [
    orientation.flat().map((v) => v.toFixed(3)),
    inPlane,
    `${String(slice.rows)}x${String(slice.columns)}`,
    slice.pixelSpacing?.map((v) => v.toFixed(4)) ?? 'no spacing',
    `${String(slice.bitsAllocated)}/${String(slice.samplesPerPixel)}`,
    `${String(slice.rescaleSlope)}/${String(slice.rescaleIntercept)}`,
  ].join('|');
}

function reasonAgainst(slice: SliceMeta, reference: SliceMeta): string {
  if (slice.imageOrientationPatient === undefined || slice.imagePositionPatient === undefined)
    return 'without position or orientation';
  if (slice.rows !== reference.rows || slice.columns !== reference.columns) return 'of another matrix size';
  if (slice.bitsAllocated !== reference.bitsAllocated || slice.samplesPerPixel !== reference.samplesPerPixel)
    return 'in another pixel format';
  const spacing = (s: SliceMeta) => s.pixelSpacing?.map((v) => v.toFixed(4)).join();
  if (spacing(slice) !== spacing(reference)) return 'with another pixel spacing';
  if (slice.rescaleSlope !== reference.rescaleSlope || slice.rescaleIntercept !== reference.rescaleIntercept)
    return 'with another HU scaling';
  const sameOrientation = slice.imageOrientationPatient.every((axis, a) =>
    axis.every((v, i) => Math.abs(v - (reference.imageOrientationPatient?.[a]?.[i] ?? Number.NaN)) < 5e-4),
  );
  return sameOrientation ? 'moved within its plane' : 'in another orientation';
}

export function leaveOutMisfits(members: readonly SliceMeta[]): MisfitCheck {
  const counts = new Map<string, number>();
  for (const slice of members) {
    const key = signature(slice);
    if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const [majority, size] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? [undefined, 0];
  if (majority === undefined || size * 2 <= members.length) return { kept: [...members], leftOut: new Map() };
  const reference = members.find((s) => signature(s) === majority) as SliceMeta;
  const leftOut = new Map<string, number>();
  const count = (reason: string) => leftOut.set(reason, (leftOut.get(reason) ?? 0) + 1);
  for (const slice of members) if (signature(slice) !== majority) count(reasonAgainst(slice, reference));
  const fitting = members.filter((s) => signature(s) === majority);
  const kept = oneCopyEach(fitting, reference, () => {
    count('copying another slice’s image to another position (same SOPInstanceUID)');
  });
  return { kept, leftOut };
}

/**
 * Copies of one image (same SOPInstanceUID) at different positions: a damaged header moved one.
 * The copy kept is the one on the series' slice grid (whole spacings from the other images);
 * copies at the same position are left for the duplicate check, as before.
 */
function oneCopyEach(slices: readonly SliceMeta[], reference: SliceMeta, dropped: () => void): SliceMeta[] {
  const [row, column] = reference.imageOrientationPatient as readonly [Vec3, Vec3];
  const normal = cross(row, column);
  // Every slice here fits the reference, so each has a position.
  const along = (s: SliceMeta) => dot(s.imagePositionPatient as Vec3, normal);
  const bySop = new Map<string, SliceMeta[]>();
  for (const slice of slices) bySop.set(imageKey(slice), [...(bySop.get(imageKey(slice)) ?? []), slice]);
  const single = [...bySop.values()].filter((g) => g.length === 1).map((g) => along(g[0] as SliceMeta));
  const grid = [...new Set(single)].sort((a, b) => a - b);
  const gaps = grid
    .slice(1)
    .map((p, i) => p - (grid[i] as number))
    .sort((a, b) => a - b);
  const spacing = gaps[Math.floor(gaps.length / 2)];
  const offGrid = (p: number): number => {
    if (spacing === undefined || spacing <= 0 || grid[0] === undefined) return 0;
    const steps = (p - grid[0]) / spacing;
    return Math.abs(steps - Math.round(steps));
  };
  const kept: SliceMeta[] = [];
  for (const copies of bySop.values()) {
    const positions = new Set(copies.map((s) => along(s).toFixed(3)));
    if (positions.size === 1) {
      kept.push(...copies);
      continue;
    }
    const best = copies.reduce((a, b) => (offGrid(along(b)) < offGrid(along(a)) ? b : a));
    kept.push(best);
    for (let n = 1; n < copies.length; n++) dropped();
  }
  return kept;
}

/** "3 slices left out: 2 without position or orientation, 1 of another matrix size". */
export function describeLeftOut(leftOut: ReadonlyMap<string, number>): string | undefined {
  const total = [...leftOut.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return undefined;
  const parts = [...leftOut.entries()].map(([reason, n]) => `${String(n)} ${reason}`);
  return `${String(total)} slice${total > 1 ? 's' : ''} left out, not like the rest of the series: ${parts.join(', ')}`;
}
