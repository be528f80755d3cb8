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
import { patientMm, type PatientMm, type Vec3, type VolumeGeometry } from '../geometry';
import { copyHuBox, type InPlaneBins } from './hu-box';
import { blur, sample, type Cube, type HuVolume } from './sampling';
import { boxAround, type VoxelBox } from './voxel-box';
import { liverMask, softTissueMode } from './liver-mask';
import { Scorer, binned } from './mutual-information';

export type { HuVolume } from './sampling';

export interface AlignOptions {
  /** Largest shift tried, per patient axis, mm (default 10; see PHASE_ALIGN_OPTIONS). */
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
 * What the viewer and the dataset builder search. On HCC009 a ±16 mm search stopped at its limit
 * for most liver and every spleen ROI from PV to NC (a one-off check with a wider search put them
 * at 18–20 mm head to foot; our phantoms move up to 16 mm per axis). 55 mm of context rather
 * than 25: around a small lesion in homogeneous liver, 25 mm held too little structure, and a
 * wrong shift could score best. `npm run bench:align -- --runs 1 --wide --margin 25 --search 16`
 * against the default, 2026-12-07 (docs/align-before-after.txt): within 3 mm of the truth
 * 176 → 188 of 195 (the specification's phantoms) and 381 → 390 of 400 (the training families),
 * confident but further off 14 → 6 in both, medians 57 → 52 and 74 → 51 ms; HCC009: confident
 * 54 → 61 of 70, following two known extra shifts 49 → 65. Static structures next to the liver
 * pay for it: a few aortic ROIs are pulled towards the liver's shift.
 */
export const PHASE_ALIGN_OPTIONS: AlignOptions = { searchMm: 22, marginMm: 55 };
const DEFAULT_MARGIN_MM = 25;
/** Finer steps cost time with the cube and gain little through 2.5–5 mm slices. */
const MIN_STEP_MM = 1.5;
const MAX_HALF_STEPS = 24;
/** Gaussian smoothing before binning (mm), fine and coarse: CT noise is 8–25 HU per voxel. */
const FINE_SIGMA_MM = 2;
const COARSE_SIGMA_MM = 4;
const START_POINTS = 2;
/**
 * A runner-up coarse peak is climbed too when it scores at least this share of the best. Measured
 * on the phantom alignment tests (190 alignments): the runner-up won 8 times, at 0.79–0.99 of
 * the best; 27 of 175 runner-ups scored 0.7 or more, so most ROIs climb once.
 */
const CONTENDER_SHARE = 0.7;
/**
 * Fixed samples scored per shift (a regular subset beyond): the coarse search scores every shift,
 * the rescoring of its best peaks and the fine climb only a few. 2 000 rather than 4 000 (between
 * that and twice as many are scored): the coarse search was the largest share of a search's time.
 * With this, the two-sigma blur (sampling.ts) and the liver mask's rewrite, `npm run bench:align --
 * --runs 1 --wide` found as many shifts as before (171 of 195 within a voxel of the truth, 176
 * within 3 mm, 14 confident but further off) at a median of 58 ms against 80 (2026-12-07).
 */
const SEARCH_SAMPLES = 2000;
const MAX_SAMPLES = 20000;
/** Coarse peaks scored again on up to MAX_SAMPLES. */
const RESCORED_PEAKS = 4;
/** How far (fine steps) a climb may go from its coarse peak: the coarse grid is twice as wide. */
const CLIMB_STEPS = 3;
const MIN_FINE_SAMPLES = 1000;

/**
 * The voxels of a volume that `alignRoi` reads, as the fixed volume (the phase the ROI was drawn
 * on: the context around the ROI) or the moving one (that context moved as far as the search
 * goes), so a viewer can load just those slices. Null when the region misses the volume. Its
 * columns and rows hold whole blocks of `alignmentBins`, counted from the volume's first voxel.
 */
export function alignmentBox(
  geometry: VolumeGeometry,
  center: PatientMm,
  radiusMm: number,
  options: AlignOptions = {},
  role: 'fixed' | 'moving' = 'moving',
): VoxelBox | null {
  const { fine, coarse } = plan(geometry, geometry, radiusMm, options);
  const half = (level: Level): number => (role === 'fixed' ? level.fixedHalf : level.movingHalf);
  // +1 fine step for the trilinear neighbours and rounding.
  const reach = Math.max(half(fine) * fine.step, half(coarse) * coarse.step) + fine.step;
  const box = boxAround(geometry, center, [reach, reach, reach]);
  if (box === null) return null;
  const [bi, bj] = alignmentBins(geometry, radiusMm, options);
  const columns = wholeBlocks(box.columns, bi, geometry.dimensions[0]);
  const rows = wholeBlocks(box.rows, bj, geometry.dimensions[1]);
  return columns && rows ? { columns, rows, slices: box.slices } : null;
}

/**
 * How many voxels along a row and down a column the alignment averages into one before it
 * samples: as many as fit in a step of its grid, which is 2.3 mm or more with the phase options
 * while CT pixels are 0.6–0.9 mm. Averaging first changes no step of the search (see `plan`),
 * and a viewer then reads, copies and hands a worker a ninth of the voxels (three by three).
 */
export function alignmentBins(geometry: VolumeGeometry, radiusMm: number, options: AlignOptions = {}): InPlaneBins {
  const step = gridStep(radiusMm, options);
  const bins = (spacing: number): number => Math.max(1, Math.floor(step / spacing + 1e-9));
  return [bins(geometry.spacing[0]), bins(geometry.spacing[1])];
}

/** `range` widened to whole blocks of `bin` from index 0, without a block past the end. */
function wholeBlocks(range: readonly [number, number], bin: number, size: number): readonly [number, number] | null {
  const first = Math.floor(range[0] / bin) * bin;
  const last = Math.min(Math.ceil((range[1] + 1) / bin) * bin, Math.floor(size / bin) * bin) - 1;
  return last >= first ? [first, last] : null;
}

/**
 * The part of `volume` `alignRoi` reads, averaged as `alignmentBins` says: what a viewer reads
 * from its slices (`readHuBox` with the box and bins). A volume read that way already is
 * returned as it is by `alignRoi`, since its bins are then [1, 1].
 */
export function readForAlignment(
  volume: HuVolume,
  center: PatientMm,
  radiusMm: number,
  options: AlignOptions,
  role: 'fixed' | 'moving',
): HuVolume {
  const bins = alignmentBins(volume.geometry, radiusMm, options);
  const box = alignmentBox(volume.geometry, center, radiusMm, options, role);
  if (box === null) return volume;
  const [columns, rows] = volume.geometry.dimensions;
  const plane = columns * rows;
  const values = volume.values;
  const slice = (k: number): ArrayLike<number> =>
    values instanceof Float32Array || values instanceof Int16Array
      ? values.subarray(k * plane, (k + 1) * plane)
      : Array.from({ length: plane }, (_, n) => values[k * plane + n] as number);
  return copyHuBox(volume.geometry, box, slice, bins);
}

export function alignRoi(
  fixedVolume: HuVolume,
  movingVolume: HuVolume,
  center: PatientMm,
  radiusMm: number,
  options: AlignOptions = {},
): Alignment {
  // Whole volumes (the dataset builder's) are averaged here as a viewer averages what it reads.
  const asRead = (volume: HuVolume, role: 'fixed' | 'moving'): HuVolume => {
    const [bi, bj] = alignmentBins(volume.geometry, radiusMm, options);
    return bi === 1 && bj === 1 ? volume : readForAlignment(volume, center, radiusMm, options, role);
  };
  const fixed = asRead(fixedVolume, 'fixed');
  const moving = asRead(movingVolume, 'moving');
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
  const all = coarseScorer(MAX_SAMPLES);
  const peaks = coarsePeaks(coarseScorer(SEARCH_SAMPLES))
    .slice(0, RESCORED_PEAKS)
    .map((peak) => ({ steps: peak.steps, score: all.score(...peak.steps) }))
    .sort((p, q) => q.score - p.score);
  const first = peaks[0]?.score ?? 0;
  const distinctness = peaks.length > 1 ? first / Math.max(1e-9, peaks[1]?.score ?? 0) : first > 0 ? Infinity : 1;

  // Fine: climb from the best coarse peaks (the true one is not always first on the coarse grid).
  const fineFixed = smoothed(fixed, center, fine.fixedHalf, fine);
  const fixedSide = {
    bins: binned(fineFixed.values, levels.fixed),
    mask: liverMask(fineFixed, fine.step, radiusMm),
    n: fineFixed.n,
  };
  const ratio = coarse.step / fine.step;
  const contenders = peaks.slice(0, START_POINTS).filter((peak) => peak.score >= CONTENDER_SHARE * first);
  const starts: Vec3[] = contenders.length > 0 ? contenders.map((peak) => peak.steps) : [[0, 0, 0]];
  const best = starts
    .map((start) =>
      climb(moving, center, start.map((v) => Math.round(v * ratio)) as unknown as Vec3, fine, fixedSide, levels.moving),
    )
    .reduce((a, b) => (b.score > a.score ? b : a));
  const { steps, score, scorer, origin } = best;
  // Sub-step: vertex of the parabola through the best score and its two neighbours per axis.
  const shiftMm = steps.map((step, axis) => {
    const around = (delta: number): number => {
      const beside = steps.map((other, a) => (a === axis ? other + delta : other)) as unknown as Vec3;
      return Math.abs((origin[axis] as number) + step + delta) > fine.searchSteps ? -1 : scorer.score(...beside);
    };
    const lo = around(-1);
    const hi = around(1);
    const curvature = lo - 2 * score + hi;
    const sub = lo >= 0 && hi >= 0 && curvature < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (lo - hi)) / curvature)) : 0;
    return Math.max(-searchMm, Math.min(searchMm, ((origin[axis] as number) + step + sub) * fine.step));
  }) as unknown as Vec3;
  const atLimit = shiftMm.some((v) => Math.abs(v) > searchMm - fine.step / 2);
  return {
    shiftMm,
    score: Math.max(0, score),
    distinctness,
    confident: !atLimit && distinctness > 1.1 && scorer.samples >= MIN_FINE_SAMPLES,
  };
}

const smoothed = (volume: HuVolume, at: PatientMm, half: number, level: Level): Cube =>
  blur(sample(volume, at, half, level.step), level.sigma / level.step);

/** Local maxima of the score over every shift, best first. */
function coarsePeaks(scorer: Scorer): Peak[] {
  const limit = scorer.limit;
  const peaks: Peak[] = [];
  for (let dz = -limit; dz <= limit; dz++) {
    for (let dy = -limit; dy <= limit; dy++) {
      for (let dx = -limit; dx <= limit; dx++) {
        const score = scorer.score(dx, dy, dz);
        if (score > 0 && scorer.isPeak(dx, dy, dz, score)) peaks.push({ steps: [dx, dy, dz], score });
      }
    }
  }
  return peaks.sort((p, q) => q.score - p.score);
}

/** A shift in grid steps per patient axis, and its score. */
interface Peak {
  readonly steps: Vec3;
  readonly score: number;
}

/** Best shift found, in fine steps from `origin`, and its score. */
interface Climb extends Peak {
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
  fixedSide: { bins: Uint8Array; mask: Uint8Array; n: number },
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
    MAX_SAMPLES,
  );
  // The search limit holds for the whole shift, origin included.
  const scoreAt = (steps: Vec3): number =>
    steps.some((v, a) => Math.abs(v + (origin[a] as number)) > fine.searchSteps) ? -1 : scorer.score(...steps);
  let steps: Vec3 = [0, 0, 0];
  let score = scoreAt(steps);
  for (let moved = true; moved;) {
    moved = false;
    for (const next of neighbours(...steps)) {
      if (Math.max(Math.abs(next[0]), Math.abs(next[1]), Math.abs(next[2])) > CLIMB_STEPS) continue;
      const nextScore = scoreAt(next);
      if (nextScore > score) [steps, score, moved] = [next, nextScore, true];
    }
  }
  return { steps, score, origin, scorer };
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

const contextReach = (radiusMm: number, options: AlignOptions): number =>
  Math.max(0, radiusMm) + Math.max(0, options.marginMm ?? DEFAULT_MARGIN_MM);

/**
 * The fine grid's step before the voxel size is considered. Large ROIs get a coarser grid: the
 * time goes with the cube's sample count, and their context holds enough structure for a 2 mm grid.
 */
const gridStep = (radiusMm: number, options: AlignOptions): number =>
  Math.max(MIN_STEP_MM, contextReach(radiusMm, options) / MAX_HALF_STEPS);

function plan(fixed: VolumeGeometry, moving: VolumeGeometry, radiusMm: number, options: AlignOptions) {
  const searchMm = Math.max(0, options.searchMm ?? DEFAULT_SEARCH_MM);
  const reach = contextReach(radiusMm, options);
  const inPlane = Math.min(fixed.spacing[0], fixed.spacing[1], moving.spacing[0], moving.spacing[1]);
  const step = Math.max(gridStep(radiusMm, options), inPlane);
  const level = (stepMm: number, sigma: number, climb: number): Level => {
    const fixedHalf = Math.ceil(reach / stepMm);
    const searchSteps = Math.ceil(searchMm / stepMm);
    // The moving cube's reach: the search, plus a climb and the parabola's look past its end.
    return { step: stepMm, fixedHalf, movingHalf: fixedHalf + searchSteps + climb + 1, searchSteps, sigma };
  };
  return {
    fine: level(step, FINE_SIGMA_MM, CLIMB_STEPS + 1),
    coarse: level(2 * step, COARSE_SIGMA_MM, 0),
    searchMm,
  };
}
