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
import { patientMm } from '../geometry';

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
/** Intensity bins for mutual information, over ± WINDOW_HU around each volume's liver HU. */
const BINS = 16;
const WINDOW_HU = 100;
const START_POINTS = 2;
/**
 * A runner-up coarse peak is climbed too when it scores at least this share of the best. Measured
 * on the phantom alignment tests (190 alignments): the runner-up won 8 times, at 0.79–0.99 of
 * the best; 27 of 175 runner-ups scored 0.7 or more, so most ROIs climb once.
 */
const CONTENDER_SHARE = 0.7;
/** Fixed samples scored per shift: the coarse search scores every shift, the fine one a few. */
const COARSE_SAMPLES = 4000;
const FINE_SAMPLES = 20000;
/** Coarse peaks scored again on every sample. */
const RESCORED_PEAKS = 4;
/** How far (fine steps) a climb may go from its coarse peak: the coarse grid is twice as wide. */
const CLIMB_STEPS = 3;
const MIN_FINE_SAMPLES = 1000;

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

  // Coarse: every shift, since mutual information has many local maxima at this range.
  const coarseFixed = smoothed(fixed, center, coarse.fixedHalf, coarse);
  const coarseMoving = smoothed(moving, center, coarse.movingHalf, coarse);
  // One bin level per volume for both grids, so the fine scores of different moving cubes compare.
  const levels = { fixed: softTissueMode(coarseFixed.values), moving: softTissueMode(coarseMoving.values) };
  const coarseBins = {
    fixed: binned(coarseFixed.values, levels.fixed),
    mask: liverMask(coarseFixed, coarse.step, radiusMm),
    moving: binned(coarseMoving.values, levels.moving),
  };
  const coarseScorer = (samples: number): Scorer =>
    new Scorer(
      coarseBins.fixed,
      coarseBins.mask,
      coarseFixed.n,
      coarseBins.moving,
      coarseMoving.n,
      coarse.searchSteps,
      samples,
    );
  // The search scores a subset per shift; its best peaks are scored again on all the samples, so
  // which peaks compete, and how distinct the best is, do not hang on the subset.
  const all = coarseScorer(FINE_SAMPLES);
  const peaks = coarsePeaks(coarseScorer(COARSE_SAMPLES))
    .slice(0, RESCORED_PEAKS)
    .map((p) => ({ d: p.d, s: all.score(...p.d) }))
    .sort((p, q) => q.s - p.s);
  const first = peaks[0]?.s ?? 0;
  const distinctness = peaks.length > 1 ? first / Math.max(1e-9, peaks[1]?.s ?? 0) : first > 0 ? Infinity : 1;

  // Fine: climb from the best coarse peaks (the true one is not always first on the coarse grid).
  const fineFixed = smoothed(fixed, center, fine.fixedHalf, fine);
  const fixedSide = {
    bins: binned(fineFixed.values, levels.fixed),
    mask: liverMask(fineFixed, fine.step, radiusMm),
    n: fineFixed.n,
  };
  const ratio = coarse.step / fine.step;
  const contenders = peaks.slice(0, START_POINTS).filter((p) => p.s >= CONTENDER_SHARE * first);
  const starts: Vec3[] = contenders.length > 0 ? contenders.map((p) => p.d) : [[0, 0, 0]];
  const best = starts
    .map((start) =>
      climb(moving, center, start.map((v) => Math.round(v * ratio)) as unknown as Vec3, fine, fixedSide, levels.moving),
    )
    .reduce((a, b) => (b.s > a.s ? b : a));
  const { d, s, scorer, origin } = best;
  // Sub-step: vertex of the parabola through the best score and its two neighbours per axis.
  const shiftMm = d.map((e, axis) => {
    const around = (delta: number): number => {
      const n = d.map((f, a) => (a === axis ? f + delta : f)) as unknown as Vec3;
      return Math.abs((origin[axis] as number) + e + delta) > fine.searchSteps ? -1 : scorer.score(...n);
    };
    const lo = around(-1);
    const hi = around(1);
    const curvature = lo - 2 * s + hi;
    const sub = lo >= 0 && hi >= 0 && curvature < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (lo - hi)) / curvature)) : 0;
    return Math.max(-searchMm, Math.min(searchMm, ((origin[axis] as number) + e + sub) * fine.step));
  }) as unknown as Vec3;
  const atLimit = shiftMm.some((v) => Math.abs(v) > searchMm - fine.step / 2);
  return {
    shiftMm,
    score: Math.max(0, s),
    distinctness,
    confident: !atLimit && distinctness > 1.1 && scorer.samples >= MIN_FINE_SAMPLES,
  };
}

const smoothed = (volume: HuVolume, at: PatientMm, half: number, level: Level): Cube =>
  blur(sample(volume, at, half, level.step), level.sigma / level.step);

/** Local maxima of the score over every shift, best first. */
function coarsePeaks(scorer: Scorer): { d: Vec3; s: number }[] {
  const S = scorer.limit;
  const peaks: { d: Vec3; s: number }[] = [];
  for (let c = -S; c <= S; c++) {
    for (let b = -S; b <= S; b++) {
      for (let a = -S; a <= S; a++) {
        const s = scorer.score(a, b, c);
        if (s > 0 && scorer.isPeak(a, b, c, s)) peaks.push({ d: [a, b, c], s });
      }
    }
  }
  return peaks.sort((p, q) => q.s - p.s);
}

interface Climb {
  /** Best shift found, in fine steps from `origin`, and its score. */
  readonly d: Vec3;
  readonly s: number;
  readonly origin: Vec3;
  readonly scorer: Scorer;
}

/**
 * Hill climb on the fine grid from `origin` (fine steps), at most CLIMB_STEPS away: the coarse
 * grid is twice as wide, so the peak it stands for lies within a step or two. The moving cube
 * covers just that climb (and the parabola's look one step past it).
 */
function climb(
  moving: HuVolume,
  center: PatientMm,
  origin: Vec3,
  fine: Level,
  fixedSide: { bins: Binned; mask: Uint8Array; n: number },
  movingLevel: number,
): Climb {
  const reach = CLIMB_STEPS + 1;
  const at = patientMm(
    center[0] + origin[0] * fine.step,
    center[1] + origin[1] * fine.step,
    center[2] + origin[2] * fine.step,
  );
  const local = smoothed(moving, at, (fixedSide.n - 1) / 2 + reach, fine);
  const scorer = new Scorer(
    fixedSide.bins,
    fixedSide.mask,
    fixedSide.n,
    binned(local.values, movingLevel),
    local.n,
    reach,
    FINE_SAMPLES,
  );
  // The search limit holds for the whole shift, origin included.
  const score = (d: Vec3): number =>
    d.some((v, a) => Math.abs(v + (origin[a] as number)) > fine.searchSteps) ? -1 : scorer.score(...d);
  let d: Vec3 = [0, 0, 0];
  let s = score(d);
  for (let moved = true; moved;) {
    moved = false;
    for (const n of neighbours(...d)) {
      if (Math.max(Math.abs(n[0]), Math.abs(n[1]), Math.abs(n[2])) > CLIMB_STEPS) continue;
      const t = score(n);
      if (t > s) [d, s, moved] = [n, t, true];
    }
  }
  return { d, s, origin, scorer };
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
  const radius = Math.max(0, radiusMm);
  const reach = radius + Math.max(0, options.marginMm ?? DEFAULT_MARGIN_MM);
  const inPlane = Math.min(fixed.spacing[0], fixed.spacing[1], moving.spacing[0], moving.spacing[1]);
  // Large ROIs get a coarser grid: the time goes with the cube's sample count, and their context
  // holds enough structure for a 2 mm grid.
  const step = Math.max(MIN_STEP_MM, inPlane, reach / MAX_HALF_STEPS);
  const level = (s: number, sigma: number, context: number, climb: number): Level => {
    const fixedHalf = Math.ceil(context / s);
    const searchSteps = Math.ceil(searchMm / s);
    // The moving cube's reach: the search, plus a climb and the parabola's look past its end.
    return { step: s, fixedHalf, movingHalf: fixedHalf + searchSteps + climb + 1, searchSteps, sigma };
  };
  return {
    fine: level(step, FINE_SIGMA_MM, reach, CLIMB_STEPS + 1),
    coarse: level(2 * step, COARSE_SIGMA_MM, reach, 0),
    searchMm,
  };
}

/** Normalised mutual information of the masked fixed cube against the moving one, per shift. */
class Scorer {
  private readonly base: Int32Array;
  private readonly fixedCells: Uint16Array;
  private readonly movingBins: Uint8Array;
  private readonly moving: number;
  /** `bins` rows of `bins` + 1 cells: the moving bins, then one for a moving sample outside the volume. */
  private readonly hist: Int32Array;
  private readonly bins: number;
  private readonly cache = new Map<number, number>();
  /** v·log(v) for every count a histogram cell can hold. */
  private readonly xlogx: Float64Array;
  /** Masked fixed samples before thinning: how much tissue there is to match. */
  readonly tissue: number;

  /**
   * `fixedBins` and `mask` on an n³ cube, `movingBins` on an m³ cube with the same centre
   * (m − n even); at most `maxSamples` of the masked fixed samples, a regular subset.
   */
  constructor(
    fixedBins: Binned,
    mask: Uint8Array,
    n: number,
    movingBins: Binned,
    m: number,
    /** Largest shift scored, per axis, in steps. */
    readonly limit: number,
    maxSamples: number,
  ) {
    const offset = (m - n) / 2;
    let tissue = 0;
    const bins = fixedBins.bins;
    this.bins = bins;
    this.hist = new Int32Array(bins * (bins + 1));
    for (let p = 0; p < mask.length; p++) if (mask[p] && fixedBins.values[p] !== bins) tissue++;
    this.tissue = tissue;
    // A regular subset: enough for the histogram, and the time stays bounded for large ROIs.
    const stride = Math.max(1, Math.floor(tissue / maxSamples));
    this.base = new Int32Array(Math.ceil(tissue / stride));
    this.fixedCells = new Uint16Array(this.base.length);
    for (let p = 0, seen = 0, t = 0; p < mask.length; p++) {
      if (!mask[p] || fixedBins.values[p] === bins) continue;
      if (seen++ % stride !== 0) continue;
      const a = (p % n) + offset;
      const b = (Math.floor(p / n) % n) + offset;
      const c = Math.floor(p / (n * n)) + offset;
      this.base[t] = a + b * m + c * m * m;
      this.fixedCells[t++] = (fixedBins.values[p] as number) * (bins + 1);
    }
    this.movingBins = movingBins.values;
    this.moving = m;
    this.xlogx = new Float64Array(this.base.length + 1);
    for (let v = 2; v <= this.base.length; v++) this.xlogx[v] = v * Math.log(v);
  }

  get samples(): number {
    return this.base.length;
  }

  /** No neighbouring shift scores higher than `s`, the score at (da, db, dc). */
  isPeak(da: number, db: number, dc: number, s: number): boolean {
    for (let z = -1; z <= 1; z++)
      for (let y = -1; y <= 1; y++)
        for (let x = -1; x <= 1; x++) if ((x || y || z) && this.score(da + x, db + y, dc + z) > s) return false;
    return true;
  }

  /** Score of a shift in steps; -1 beyond the search limit, 0 with too little overlap. */
  score(da: number, db: number, dc: number): number {
    if (Math.max(Math.abs(da), Math.abs(db), Math.abs(dc)) > this.limit) return -1;
    const m = this.moving;
    const shift = da + db * m + dc * m * m;
    const cached = this.cache.get(shift);
    if (cached !== undefined) return cached;
    const { base, fixedCells, movingBins, hist } = this;
    hist.fill(0);
    for (let t = 0; t < base.length; t++) {
      const cell = (fixedCells[t] as number) + (movingBins[(base[t] as number) + shift] as number);
      hist[cell] = (hist[cell] as number) + 1;
    }
    let count = 0;
    const { bins } = this;
    const row = bins + 1;
    for (let i = 0; i < bins; i++) for (let j = 0; j < bins; j++) count += hist[i * row + j] as number;
    let joint = 0;
    let hf = 0;
    let hm = 0;
    if (count >= 0.5 * base.length && count > 0) {
      // Entropy × count = count·log(count) − Σ v·log(v), with v·log(v) from a table.
      const { xlogx } = this;
      const total = count * Math.log(count);
      let sumJoint = 0;
      let sumRows = 0;
      let sumColumns = 0;
      for (let i = 0; i < bins; i++) {
        let fixedTotal = 0;
        let movingTotal = 0;
        for (let j = 0; j < bins; j++) {
          const v = hist[i * row + j] as number;
          fixedTotal += v;
          movingTotal += hist[j * row + i] as number;
          sumJoint += xlogx[v] as number;
        }
        sumRows += xlogx[fixedTotal] as number;
        sumColumns += xlogx[movingTotal] as number;
      }
      joint = total - sumJoint;
      hf = total - sumRows;
      hm = total - sumColumns;
    }
    // Less than half the fixed tissue still inside the moving volume: not comparable.
    const s = joint > 0 ? (hf + hm) / joint - 1 : 0;
    this.cache.set(shift, s);
    return s;
  }
}

/** Intensity bins 0 … bins − 1 per sample of a cube; `bins` itself for a sample outside the volume. */
interface Binned {
  readonly bins: number;
  readonly values: Uint8Array;
}

/** Bins around `level`, the volume's liver HU (fat and bone clamp to the end bins). */
function binned(values: Float32Array, level: number, bins = BINS): Binned {
  const width = (2 * WINDOW_HU) / bins;
  const out = new Uint8Array(values.length);
  for (let p = 0; p < values.length; p++) {
    const v = values[p] as number;
    out[p] = v !== v ? bins : Math.max(0, Math.min(bins - 1, Math.floor((v - level + WINDOW_HU) / width)));
  }
  return { bins, values: out };
}

/** Most common HU between -40 and 280 (4 HU bins): the liver, in a box around a liver lesion. */
function softTissueMode(values: Float32Array, skip: (p: number) => boolean = () => false): number {
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
