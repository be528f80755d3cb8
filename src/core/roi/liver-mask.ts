/**
 * The tissue that moves with the liver around an ROI, for the alignment: liver-like HU connected
 * to the ROI, grown by a few mm so the liver's edges and vessel walls count.
 */
import type { Cube } from './sampling';

/** Liver-like: within this of the most common soft-tissue HU around the ROI. */
const LIVER_BAND_HU = 25;
const EDGE_GROWTH_MM = 3;

/** Most common HU between -40 and 280 (4 HU bins): the liver, in a box around a liver lesion. */
export function softTissueMode(values: Float32Array, skip: (p: number) => boolean = () => false): number {
  const counts = new Uint32Array(80);
  for (let p = 0; p < values.length; p++) {
    const v = values[p] as number;
    if (!(v >= -40 && v < 280) || skip(p)) continue;
    const bin = Math.floor((v + 40) / 4);
    counts[bin] = (counts[bin] as number) + 1;
  }
  let mode = 0;
  for (let i = 1; i < counts.length; i++) if ((counts[i] as number) > (counts[mode] as number)) mode = i;
  return -40 + 4 * mode + 2;
}

/**
 * The fixed samples that take part: liver-like tissue connected to the ROI (the lesion's own
 * enhancement may be anything, so the whole ROI sphere counts), grown so the liver's edges and
 * vessel walls count too. Bowel, muscle and spine do not move with the liver and are left out.
 */
export function liverMask(cube: Cube, step: number, radiusMm: number): Uint8Array {
  const { n, values } = cube;
  const nn = n * n;
  const half = (n - 1) / 2;
  const roiSteps = radiusMm / step;
  const roiSquared = roiSteps * roiSteps;
  // 1: inside the ROI sphere, whatever its HU (the lesion's own enhancement may be anything).
  const inRoi = new Uint8Array(values.length);
  for (let c = 0, p = 0; c < n; c++)
    for (let b = 0; b < n; b++)
      for (let a = 0; a < n; a++, p++)
        if ((a - half) * (a - half) + (b - half) * (b - half) + (c - half) * (c - half) <= roiSquared) inRoi[p] = 1;
  const liver = softTissueMode(values, (p) => inRoi[p] === 1);
  const mask = new Uint8Array(values.length);
  const stack: number[] = [];
  for (let p = 0; p < values.length; p++) {
    if (inRoi[p]) {
      mask[p] = 2;
      stack.push(p);
    } else if (Math.abs((values[p] as number) - liver) < LIVER_BAND_HU) mask[p] = 1;
  }
  // Flood fill from the ROI: 2 = reached.
  const visit = (q: number): void => {
    if (mask[q] === 1) {
      mask[q] = 2;
      stack.push(q);
    }
  };
  while (stack.length > 0) {
    const p = stack.pop() as number;
    const a = p % n;
    const b = Math.floor(p / n) % n;
    const c = Math.floor(p / nn);
    if (a > 0) visit(p - 1);
    if (a < n - 1) visit(p + 1);
    if (b > 0) visit(p - n);
    if (b < n - 1) visit(p + n);
    if (c > 0) visit(p - nn);
    if (c < n - 1) visit(p + nn);
  }
  for (let p = 0; p < mask.length; p++) mask[p] = mask[p] === 2 ? 1 : 0;
  const growth = Math.round(EDGE_GROWTH_MM / step);
  const before = new Uint8Array(mask.length);
  for (const stride of [1, n, nn]) {
    for (let s = 0; s < growth; s++) {
      before.set(mask);
      // t: the voxel's index along the axis `stride` steps through, so a step never wraps a row.
      for (let p = 0, t = 0, run = 0; p < mask.length; p++) {
        if (!before[p] && ((t > 0 && before[p - stride]) || (t < n - 1 && before[p + stride]))) mask[p] = 1;
        if (++run === stride) {
          run = 0;
          if (++t === n) t = 0;
        }
      }
    }
  }
  return mask;
}
