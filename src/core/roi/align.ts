/**
 * Finds where a region of interest drawn on one phase lies in another phase of the same study.
 *
 * Phases of a multi-phase CT come from separate breath holds: the liver and everything in it
 * moves by up to a couple of centimetres between them while the body wall, spine and bowel stay
 * put, and lesions and vessels change contrast (even sign) from phase to phase. So the search is a
 * rigid translation scored by normalised mutual information of smoothed HU, which accepts any
 * mapping between the phases' intensities, over a box of context around the ROI restricted to the
 * liver around it: soft tissue near the liver's HU, connected to the ROI, grown by a few mm so its
 * edges count. Static neighbours would otherwise pull the answer towards zero shift.
 *
 * Both volumes are sampled on one grid of patient-axis steps around the centre (trilinear, NaN
 * outside a volume), so they may differ in spacing, origin and extent. Coarse-to-fine: every shift
 * on a coarse grid, a climb from the best coarse peaks on the fine grid, then a parabola per axis.
 */
import type { PatientMm, Vec3, VolumeGeometry } from '../geometry';
import { blur, sample, type Cube, type HuVolume } from './sampling';
import { boxAround, type VoxelBox } from './voxel-box';

export type { HuVolume } from './sampling';

export interface AlignOptions {
  /** Largest shift tried, per patient axis, mm (default 10; phantom phases differ by up to 16). */
  readonly searchMm?: number;
  /** Context around the ROI sphere that takes part in the match, mm (default 25). */
  readonly marginMm?: number;
}

export interface Alignment {
  /** The structure at `center` in `fixed` lies at `center + shiftMm` in `moving` (patient mm). */
  readonly shiftMm: Vec3;
  /** Normalised mutual information − 1 at the best shift (0: unrelated). */
  readonly score: number;
  /** Best coarse peak over the runner-up (≥ 1); near 1 means two shifts fit about as well. */
  readonly distinctness: number;
  /** A clear winner away from the search limit, with enough tissue to match. */
  readonly confident: boolean;
}

export type { VoxelBox } from './voxel-box';

const DEFAULT_SEARCH_MM = 10;

/**
 * What the viewer and the dataset builder search: breathing moves the liver by up to ~15 mm
 * between phases (our phantoms: up to 16 mm per axis), more than a still patient's ±10 mm.
 */
export const PHASE_ALIGN_OPTIONS: AlignOptions = { searchMm: 16 };
const DEFAULT_MARGIN_MM = 25;
/** Finer steps cost time with the cube and gain little through 2.5–5 mm slices. */
const MIN_STEP_MM = 1.5;
const MAX_HALF_STEPS = 24;
/** Gaussian smoothing before binning (mm), fine and coarse: CT noise is 8–25 HU per voxel. */
const FINE_SIGMA_MM = 2;
const COARSE_SIGMA_MM = 4;
/** Liver-like: within this of the most common soft-tissue HU around the ROI. */
const LIVER_BAND_HU = 25;
const EDGE_GROWTH_MM = 3;
/** Intensity bins for mutual information, over ± WINDOW_HU around each cube's liver HU. */
const BINS = 16;
const WINDOW_HU = 100;
const START_POINTS = 2;
const MAX_SAMPLES = 20000;

/**
 * The voxels of a volume that `alignRoi` reads when that volume is the moving one (a superset of
 * what the fixed one needs), so a viewer can load just those slices. Null when the region misses
 * the volume.
 */
export function alignmentBox(
  geometry: VolumeGeometry,
  center: PatientMm,
  radiusMm: number,
  options: AlignOptions = {},
): VoxelBox | null {
  const { fine, coarse } = plan(geometry, geometry, radiusMm, options);
  // The fine grid is the wider one; +1 step for the trilinear neighbours and rounding.
  const reach = Math.max(fine.movingHalf * fine.step, coarse.movingHalf * coarse.step) + fine.step;
  return boxAround(geometry, center, [reach, reach, reach]);
}

export function alignRoi(
  fixed: HuVolume,
  moving: HuVolume,
  center: PatientMm,
  radiusMm: number,
  options: AlignOptions = {},
): Alignment {
  const { fine, coarse, searchMm } = plan(fixed.geometry, moving.geometry, radiusMm, options);
  const scorer = (level: Level): Scorer => {
    const f = blur(sample(fixed, center, level.fixedHalf, level.step), level.sigma / level.step);
    const m = blur(sample(moving, center, level.movingHalf, level.step), level.sigma / level.step);
    const mask = liverMask(f, level.step, radiusMm);
    return new Scorer(f, mask, m, level.searchSteps);
  };

  // Coarse: every shift, since mutual information has many local maxima at this range.
  const cs = scorer(coarse);
  const S = coarse.searchSteps;
  const peaks: { d: Vec3; s: number }[] = [];
  for (let c = -S; c <= S; c++) {
    for (let b = -S; b <= S; b++) {
      for (let a = -S; a <= S; a++) {
        const s = cs.score(a, b, c);
        if (s > 0 && neighbours(a, b, c).every(([x, y, z]) => cs.score(x, y, z) <= s)) peaks.push({ d: [a, b, c], s });
      }
    }
  }
  peaks.sort((p, q) => q.s - p.s);
  const first = peaks[0]?.s ?? 0;
  const distinctness = peaks.length > 1 ? first / Math.max(1e-9, peaks[1]?.s ?? 0) : first > 0 ? Infinity : 1;

  // Fine: climb from the best coarse peaks (the true one is not always first on the coarse grid).
  const fs = scorer(fine);
  const ratio = coarse.step / fine.step;
  let best = { d: [0, 0, 0] as Vec3, s: fs.score(0, 0, 0) };
  for (const peak of peaks.slice(0, START_POINTS)) {
    let d: Vec3 = [Math.round(peak.d[0] * ratio), Math.round(peak.d[1] * ratio), Math.round(peak.d[2] * ratio)];
    let s = fs.score(...d);
    for (let moved = true; moved;) {
      moved = false;
      for (const n of neighbours(...d)) {
        const t = fs.score(...n);
        if (t > s) [d, s, moved] = [n, t, true];
      }
    }
    if (s > best.s) best = { d, s };
  }
  // Sub-step: vertex of the parabola through the best score and its two neighbours per axis.
  const shiftMm = best.d.map((d, axis) => {
    const step = (delta: number): number =>
      fs.score(...(best.d.map((e, a) => (a === axis ? e + delta : e)) as unknown as Vec3));
    const lo = step(-1);
    const hi = step(1);
    const curvature = lo - 2 * best.s + hi;
    const sub = lo >= 0 && hi >= 0 && curvature < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (lo - hi)) / curvature)) : 0;
    return Math.max(-searchMm, Math.min(searchMm, (d + sub) * fine.step));
  }) as unknown as Vec3;
  const atLimit = shiftMm.some((v) => Math.abs(v) > searchMm - fine.step / 2);
  return {
    shiftMm,
    score: Math.max(0, best.s),
    distinctness,
    confident: !atLimit && distinctness > 1.1 && fs.samples >= 1000,
  };
}

function neighbours(a: number, b: number, c: number): Vec3[] {
  const out: Vec3[] = [];
  for (let z = -1; z <= 1; z++)
    for (let y = -1; y <= 1; y++) for (let x = -1; x <= 1; x++) if (x || y || z) out.push([a + x, b + y, c + z]);
  return out;
}

interface Level {
  readonly step: number;
  /** Half-widths (in steps) of the fixed and the moving cube around the centre. */
  readonly fixedHalf: number;
  readonly movingHalf: number;
  readonly searchSteps: number;
  readonly sigma: number;
}

function plan(fixed: VolumeGeometry, moving: VolumeGeometry, radiusMm: number, options: AlignOptions) {
  const searchMm = Math.max(0, options.searchMm ?? DEFAULT_SEARCH_MM);
  const reach = Math.max(0, radiusMm) + Math.max(0, options.marginMm ?? DEFAULT_MARGIN_MM);
  const inPlane = Math.min(fixed.spacing[0], fixed.spacing[1], moving.spacing[0], moving.spacing[1]);
  // Large ROIs get a coarser grid: the time goes with the cube's sample count, and their context
  // holds enough structure for a 2 mm grid.
  const step = Math.max(MIN_STEP_MM, inPlane, reach / MAX_HALF_STEPS);
  const level = (s: number, sigma: number): Level => {
    const fixedHalf = Math.ceil(reach / s);
    const searchSteps = Math.ceil(searchMm / s);
    // +1: the climb and the parabola look one step past the search limit.
    return { step: s, fixedHalf, movingHalf: fixedHalf + searchSteps + 1, searchSteps, sigma };
  };
  return { fine: level(step, FINE_SIGMA_MM), coarse: level(2 * step, COARSE_SIGMA_MM), searchMm };
}

/** Normalised mutual information of the masked fixed cube against the moving one, per shift. */
class Scorer {
  private readonly base: Int32Array;
  private readonly fixedBins: Uint8Array;
  private readonly movingBins: Uint8Array;
  private readonly moving: number;
  private readonly hist = new Float64Array(BINS * BINS);
  private readonly cache = new Map<number, number>();

  constructor(
    fixed: Cube,
    mask: Uint8Array,
    moving: Cube,
    private readonly limit: number,
  ) {
    const { n } = fixed;
    const m = moving.n;
    const offset = (m - n) / 2;
    const allFixed = binned(fixed.values);
    let kept: number[] = [];
    for (let p = 0; p < mask.length; p++) if (mask[p] && allFixed[p] !== 255) kept.push(p);
    // A regular subset is enough for a 16 × 16 histogram and bounds the time for large ROIs.
    const stride = Math.max(1, Math.floor(kept.length / MAX_SAMPLES));
    if (stride > 1) kept = kept.filter((_, t) => t % stride === 0);
    this.base = new Int32Array(kept.length);
    this.fixedBins = new Uint8Array(kept.length);
    kept.forEach((p, t) => {
      const a = (p % n) + offset;
      const b = (Math.floor(p / n) % n) + offset;
      const c = Math.floor(p / (n * n)) + offset;
      this.base[t] = a + b * m + c * m * m;
      this.fixedBins[t] = allFixed[p] as number;
    });
    this.movingBins = binned(moving.values);
    this.moving = m;
  }

  get samples(): number {
    return this.base.length;
  }

  /** Score of a shift in steps; -1 beyond the search limit, 0 with too little overlap. */
  score(da: number, db: number, dc: number): number {
    if (Math.max(Math.abs(da), Math.abs(db), Math.abs(dc)) > this.limit) return -1;
    const m = this.moving;
    const shift = da + db * m + dc * m * m;
    const cached = this.cache.get(shift);
    if (cached !== undefined) return cached;
    const { base, fixedBins, movingBins, hist } = this;
    hist.fill(0);
    let count = 0;
    for (let t = 0; t < base.length; t++) {
      const b = movingBins[(base[t] as number) + shift] as number;
      if (b === 255) continue;
      const cell = (fixedBins[t] as number) * BINS + b;
      hist[cell] = (hist[cell] as number) + 1;
      count++;
    }
    let joint = 0;
    let hf = 0;
    let hm = 0;
    if (count >= 0.5 * base.length && count > 0) {
      for (let i = 0; i < BINS; i++) {
        let row = 0;
        let column = 0;
        for (let j = 0; j < BINS; j++) {
          const v = hist[i * BINS + j] as number;
          row += v;
          column += hist[j * BINS + i] as number;
          if (v > 0) joint -= v * Math.log(v / count);
        }
        if (row > 0) hf -= row * Math.log(row / count);
        if (column > 0) hm -= column * Math.log(column / count);
      }
    }
    // Less than half the fixed tissue still inside the moving volume: not comparable.
    const s = joint > 0 ? (hf + hm) / joint - 1 : 0;
    this.cache.set(shift, s);
    return s;
  }
}

/** Bin per sample around the cube's liver HU (fat and bone clamp to the end bins); 255 = NaN. */
function binned(values: Float32Array): Uint8Array {
  const level = softTissueMode(values, () => false);
  const width = (2 * WINDOW_HU) / BINS;
  const out = new Uint8Array(values.length);
  for (let p = 0; p < values.length; p++) {
    const v = values[p] as number;
    out[p] = v !== v ? 255 : Math.max(0, Math.min(BINS - 1, Math.floor((v - level + WINDOW_HU) / width)));
  }
  return out;
}

/** Most common HU between -40 and 280 (4 HU bins): the liver, in a box around a liver lesion. */
function softTissueMode(values: Float32Array, skip: (p: number) => boolean): number {
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
function liverMask(cube: Cube, step: number, radiusMm: number): Uint8Array {
  const { n, values } = cube;
  const half = (n - 1) / 2;
  const roiSteps = radiusMm / step;
  const inRoi = (p: number): boolean =>
    Math.hypot((p % n) - half, (Math.floor(p / n) % n) - half, Math.floor(p / (n * n)) - half) <= roiSteps;
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
  while (stack.length > 0) {
    const p = stack.pop() as number;
    const a = p % n;
    const b = Math.floor(p / n) % n;
    const c = Math.floor(p / nn);
    for (const [q, inside] of [
      [p - 1, a > 0],
      [p + 1, a < n - 1],
      [p - n, b > 0],
      [p + n, b < n - 1],
      [p - nn, c > 0],
      [p + nn, c < n - 1],
    ] as const) {
      if (inside && mask[q] === 1) {
        mask[q] = 2;
        stack.push(q);
      }
    }
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
