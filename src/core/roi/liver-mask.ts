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
  const half = (n - 1) / 2;
  const roiSteps = radiusMm / step;
  const roiSquared = roiSteps * roiSteps;
  const inRoi = (p: number): boolean => {
    const a = (p % n) - half;
    const b = (Math.floor(p / n) % n) - half;
    const c = Math.floor(p / (n * n)) - half;
    return a * a + b * b + c * c <= roiSquared;
  };
  const liver = softTissueMode(values, inRoi);
  const mask = new Uint8Array(values.length);
  const stack: number[] = [];
  for (let p = 0; p < values.length; p++) {
    if (inRoi(p)) {
      mask[p] = 2;
      stack.push(p);
    } else if (Math.abs((values[p] as number) - liver) < LIVER_BAND_HU) mask[p] = 1;
  }
  // Flood fill from the ROI: 2 = reached.
  const nn = n * n;
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
  for (const stride of [1, n, nn]) {
    for (let s = 0; s < growth; s++) {
      const before = mask.slice();
      for (let p = 0; p < mask.length; p++) {
        const t = Math.floor(p / stride) % n;
        if (!before[p] && ((t > 0 && before[p - stride]) || (t < n - 1 && before[p + stride]))) mask[p] = 1;
      }
    }
  }
  return mask;
}
