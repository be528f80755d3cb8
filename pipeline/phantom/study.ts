/**
 * One phantom study: draws acquisition, anatomy, lesions, breathing shifts and DICOM headers from
 * a seeded stream, renders any phase to HU on demand, and lists the annotation file's content.
 */
import { patientMm, type Vec3 } from '../../src/core/geometry';
import type { LesionAnnotation, StudyAnnotations } from '../../src/core/annotations';
import { PHASES, type LesionClass, type Phase } from '../../src/core/labels';
import { Rng } from '../../src/core/random';
import { buildAnatomy, liverDepth, type Anatomy } from './anatomy';
import type { SeriesHeader, StudyHeader } from './dicom';
import { oneSeriesForArtAndPv, sampleHeaders, type HeaderCues } from './study-headers';
import { roundToMicrometre, slabSigma, type AxialGrid } from './grid';
import { drawNormalRois } from './normal-rois';
import { roughenOutline, sampleLesionShape } from './lesion-shapes';
import { sampleAppearance, type Lesion } from './lesions';
import { Complement, isPrismOver, paintSurface, PrismLayer, usingDepth, type ValueFn } from './paint';
import { Ellipsoid, type Surface } from './shapes';
import { ACQUISITION, AIR_HU, STRONG_ENHANCEMENT_GAIN } from './spec';
import { addCorrelatedNoise, addRowStreaks } from './texture';
import { familiesText, sampleFamilies, type Families, type FamilyRule, type Variation } from './families';
import { sampleTissueHu, type TissueHu } from './tissues';

export type { HeaderCues } from './study-headers';

export const GENERATOR_VERSION = '3';

export interface StudyOptions {
  readonly seed: string;
  readonly index: number;
  readonly labels: readonly LesionClass[];
  /** Matrix size (512 in the specification; smaller only for test fixtures). */
  readonly size?: number;
  readonly slices?: number;
  readonly sliceThicknessMm?: number;
  /** `specification` (default) renders the specification's one path; `wide` draws families. */
  readonly variation?: Variation;
  /** Families the study must have or avoid (held-out-family experiments). */
  readonly familyRules?: readonly FamilyRule[];
  /**
   * Write ART and PV as two acquisitions of one series (one SeriesInstanceUID, AcquisitionNumber
   * 2 and 3, one description), as TCIA's "LIVER 3 PHASE" series are. Changes headers only.
   */
  readonly arterialAndPortalInOneSeries?: boolean;
}

export interface PhantomStudy {
  readonly name: string;
  readonly options: StudyOptions;
  readonly grid: AxialGrid;
  readonly tissues: TissueHu;
  readonly anatomy: Anatomy;
  readonly lesions: readonly Lesion[];
  readonly shifts: Readonly<Record<Phase, Vec3>>;
  readonly families: Families;
  /** PV/DL enhancement above NC relative to the specification's (1 unless enhancement=strong). */
  readonly enhancementGain: number;
  readonly noise: StudyNoise;
  /** Partial-volume blur of edges in plane, pixels (a sharper kernel blurs less). */
  readonly edgeSigmaPx: number;
  readonly header: StudyHeader;
  readonly series: readonly SeriesHeader[];
  readonly headerCues: HeaderCues;
}

export interface StudyNoise {
  readonly sigmaHu: number;
  readonly kernelPx: number;
  /** Share of the noise SD in horizontal streaks (0 unless noise=streaky) and their length. */
  readonly streakShare: number;
  readonly streakLengthPx: number;
}

const ZERO: Vec3 = [0, 0, 0];

export function createStudy(options: StudyOptions): PhantomStudy {
  const rng = new Rng(`${options.seed}/study/${options.index}`);
  const size = options.size ?? 512;
  const slices = options.slices ?? 48;
  // Families and their parameters come from their own streams (Rng.fork), so the specification's
  // studies draw exactly the numbers they drew before families existed.
  const families = sampleFamilies(rng.fork('families'), options.variation ?? 'specification', options.familyRules);
  const familyRng = rng.fork('family-parameters');
  const enhancementGain = families.enhancement === 'strong' ? familyRng.uniform(...STRONG_ENHANCEMENT_GAIN) : 1;
  const tissues = sampleTissueHu(rng.fork('tissues'), families, enhancementGain);
  const liverCenterZ = Math.round(rng.uniform(-250, -50));
  const anatomy = buildAnatomy(rng.fork('anatomy'), tissues, liverCenterZ, families);

  const acquisition = rng.fork('acquisition');
  const thickness = options.sliceThicknessMm ?? acquisition.pick(ACQUISITION.sliceThicknessMm);
  const bodyHalfWidth = (anatomy.body.bounds.max[0] - anatomy.body.bounds.min[0]) / 2 - 10;
  const [minSpacing, maxSpacing] = ACQUISITION.pixelSpacingMm;
  const spacing512 = acquisition.uniform(
    Math.min(maxSpacing, Math.max(minSpacing, (2 * bodyHalfWidth + 20) / 512)),
    maxSpacing,
  );
  const pixelSpacing = roundToMicrometre((spacing512 * 512) / size);
  const coverage = slices * thickness;
  const [liverLow, liverHigh] = anatomy.liverZ;
  const zMid =
    coverage >= liverHigh - liverLow + 20
      ? (liverLow + liverHigh) / 2 + acquisition.uniform(-10, 10)
      : // Thin coverage sits over the liver's middle half, where it is wide enough for any lesion.
        (liverLow + liverHigh) / 2 + acquisition.uniform(-0.25, 0.25) * (liverHigh - liverLow - coverage);
  const grid: AxialGrid = {
    columns: size,
    rows: size,
    slices,
    x0: roundToMicrometre((-(size - 1) / 2) * pixelSpacing),
    y0: roundToMicrometre((-(size - 1) / 2) * pixelSpacing),
    z0: roundToMicrometre(zMid + ((slices - 1) * thickness) / 2),
    pixelSpacing,
    sliceSpacing: thickness,
  };
  const sigmaHu = acquisition.uniform(...ACQUISITION.noiseSigmaHu);
  const smoothKernelPx = acquisition.uniform(...ACQUISITION.noiseKernelPx);
  const sharp = families.noise !== 'smooth';
  const streaky = families.noise === 'streaky';
  // Model: a sharp reconstruction kernel leaves near-white noise (HCC009: 70–78 % of the liver's
  // noise power above 0.3 cycles/mm, against 9–27 % for the smooth kernel's).
  const noise: StudyNoise = {
    sigmaHu,
    kernelPx: sharp ? familyRng.uniform(0.3, 0.6) : smoothKernelPx,
    streakShare: streaky ? familyRng.uniform(0.6, 0.9) : 0,
    streakLengthPx: streaky ? familyRng.uniform(6, 16) : 0,
  };
  const edgeSigmaPx = sharp ? familyRng.uniform(0.35, 0.5) : 0.6;

  const lesions = placeLesions(rng.fork('lesions'), options.labels, anatomy, tissues, grid, families, enhancementGain);
  const motion = rng.fork('motion');
  const m = ACQUISITION.misregistrationMm;
  const shifts = {} as Record<Phase, Vec3>;
  for (const phase of PHASES) shifts[phase] = [motion.uniform(-m, m), motion.uniform(-m, m), motion.uniform(-m, m)];

  const sampled = sampleHeaders(rng.fork('headers'), options, thickness, slices);
  const { header, headerCues } = sampled;
  const series = options.arterialAndPortalInOneSeries === true ? oneSeriesForArtAndPv(sampled.series) : sampled.series;
  return {
    name: `study-${String(options.index).padStart(4, '0')}`,
    options,
    grid,
    tissues,
    anatomy,
    lesions,
    shifts,
    families,
    enhancementGain,
    noise,
    edgeSigmaPx,
    header,
    series,
    headerCues,
  };
}

/**
 * Renders one phase to HU (float, before quantisation). `noise: false` leaves out the acquisition
 * noise (tests use it to check geometry exactly).
 */
export function renderPhase(study: PhantomStudy, phase: Phase, { noise = true } = {}): Float32Array {
  const { grid, anatomy, shifts } = study;
  const hu = new Float32Array(grid.columns * grid.rows * grid.slices).fill(AIR_HU);
  const inPlaneSigma = study.edgeSigmaPx * grid.pixelSpacing;
  const sliceSigma = slabSigma(grid.sliceSpacing);
  const shift = shifts[phase];
  let layer: PrismLayer | null = null;
  const paintPart = (surface: Surface, value: number | ValueFn, partShift: Vec3, sigma: number): void => {
    if (typeof value === 'number' && isPrismOver(surface, grid, partShift)) {
      layer ??= new PrismLayer(grid);
      layer.paint(surface, value, partShift, sigma);
      return;
    }
    if (layer !== null) {
      layer.applyTo(hu);
      layer = null;
    }
    paintSurface(hu, grid, surface, value, { shift: partShift, inPlaneSigma: sigma, sliceSigma });
  };
  for (const part of anatomy.background)
    paintPart(part.surface, part.value[phase], part.mobile ? shift : ZERO, inPlaneSigma);
  for (const lesion of study.lesions) {
    paintPart(lesion.surface, lesion.value[phase], shift, lesion.softnessVoxels * grid.pixelSpacing);
  }
  for (const part of anatomy.foreground)
    paintPart(part.surface, part.value[phase], part.mobile ? shift : ZERO, inPlaneSigma);
  paintPart(new Complement(anatomy.body, grid), AIR_HU, ZERO, inPlaneSigma);
  (layer as PrismLayer | null)?.applyTo(hu);
  if (!noise) return hu;
  const phaseIndex = PHASES.indexOf(phase);
  const { sigmaHu, kernelPx, streakShare, streakLengthPx } = study.noise;
  const noiseRng = new Rng(`${study.options.seed}/study/${study.options.index}/noise/${phaseIndex}`);
  const grainSigma = sigmaHu * Math.sqrt(1 - streakShare * streakShare);
  addCorrelatedNoise(hu, grid.columns, grid.rows, grid.slices, grainSigma, kernelPx, noiseRng);
  if (streakShare > 0) {
    addRowStreaks(
      hu,
      grid.columns,
      grid.rows,
      grid.slices,
      sigmaHu * streakShare,
      streakLengthPx,
      noiseRng.fork('streaks'),
    );
  }
  return hu;
}

/** Lesion centre as seen on `phase` (the reference centre moved by that phase's breathing shift). */
export function lesionCenter(study: PhantomStudy, lesion: Lesion, phase: Phase): Vec3 {
  const s = study.shifts[phase];
  return [lesion.center[0] + s[0], lesion.center[1] + s[1], lesion.center[2] + s[2]];
}

export function studyAnnotations(study: PhantomStudy): StudyAnnotations & Record<string, unknown> {
  const lesions = study.lesions.map((lesion): LesionAnnotation & Record<string, unknown> => {
    const phaseCenters: Partial<Record<Phase, ReturnType<typeof patientMm>>> = {};
    for (const phase of PHASES) {
      const c = lesionCenter(study, lesion, phase);
      phaseCenters[phase] = patientMm(roundToMicrometre(c[0]), roundToMicrometre(c[1]), roundToMicrometre(c[2]));
    }
    return {
      id: lesion.id,
      label: lesion.label,
      center: phaseCenters.PV as ReturnType<typeof patientMm>,
      radiusMm: roundToMicrometre(Math.max(...lesion.semiAxes)),
      phase: 'PV',
      phaseCenters,
      diameterMm: roundToMicrometre(lesion.diameterMm),
      semiAxesMm: lesion.semiAxes.map(roundToMicrometre),
      attributes: lesion.attributes,
    };
  });
  const normalRois = drawNormalRois(
    study,
    new Rng(`${study.options.seed}/study/${study.options.index}/normal-rois`),
    3,
  );
  return {
    studyInstanceUid: study.header.studyInstanceUid,
    lesions,
    normalRois: normalRois.map((roi) => ({ ...roi, phase: 'PV' })),
    generator: {
      name: 'liver-phantom',
      version: GENERATOR_VERSION,
      seed: study.options.seed,
      index: study.options.index,
      headerCues: study.headerCues,
      families: familiesText(study.families),
      // Ground truth for phase-detection tests: which series is which phase.
      seriesPhases: Object.fromEntries(study.series.map((series) => [series.seriesInstanceUid, series.phase])),
      // Where acquisitions share a series: which acquisition number is which phase.
      ...(study.options.arterialAndPortalInOneSeries === true
        ? {
            acquisitionPhases: Object.fromEntries(
              study.series.flatMap((series) =>
                series.acquisitionNumber === undefined ? [] : [[String(series.acquisitionNumber), series.phase]],
              ),
            ),
          }
        : {}),
    },
  };
}

function placeLesions(
  rng: Rng,
  labels: readonly LesionClass[],
  anatomy: Anatomy,
  tissues: TissueHu,
  grid: AxialGrid,
  families: Families,
  enhancementGain: number,
): Lesion[] {
  const zTop = grid.z0;
  const zBottom = grid.z0 - (grid.slices - 1) * grid.sliceSpacing;
  const coverage = zTop - zBottom;
  const placed: Lesion[] = [];
  const scratch = new Float64Array(1);
  labels.forEach((label, index) => {
    const lesionRng = rng.fork(index);
    for (let attempt = 0; attempt < 200; attempt++) {
      // Shrink the allowed size as attempts fail, so a crowded liver still takes every lesion.
      const cap = Math.min(0.9 * coverage, 80) * (1 - attempt / 250);
      const drawn = sampleLesionShape(label, lesionRng, cap);
      const shape =
        families.outline === 'irregular' ? roughenOutline(drawn, lesionRng.fork(`outline/${attempt}`)) : drawn;
      const reach = Math.max(...shape.semiAxes) * (1 + shape.lobes.reduce((s, l) => s + l.amplitude, 0));
      const margin = Math.min(0.5 * reach, coverage / 4) + grid.sliceSpacing;
      // Several positions per drawn size, so that large lesions are not rejected for a bad spot.
      const center = findPosition(40, () => {
        const lobe = lesionRng.bernoulli(0.75) ? anatomy.liver[0] : anatomy.liver[1];
        if (lobe === undefined) return null;
        const candidate: Vec3 = [
          lobe.center[0] + lesionRng.uniform(-1, 1) * lobe.semiAxes[0],
          lobe.center[1] + lesionRng.uniform(-1, 1) * lobe.semiAxes[1],
          lesionRng.uniform(zBottom + margin, zTop - margin),
        ];
        if (liverDepth(anatomy, candidate) < reach + 3) return null;
        // Breathing moves the liver against fixed organs by up to 2 × 8 mm per axis; the lesion
        // keeps a few mm from them even then.
        if (
          anatomy.obstacles.some((o) => o.signedDistance(candidate[0], candidate[1], candidate[2], scratch) < reach + 8)
        ) {
          return null;
        }
        const overlaps = placed.some(
          (p) =>
            Math.hypot(p.center[0] - candidate[0], p.center[1] - candidate[1], p.center[2] - candidate[2]) <
            reach + Math.max(...p.semiAxes) * 1.2 + 3,
        );
        return overlaps ? null : candidate;
      });
      if (center === null) continue;
      const surface = new Ellipsoid(center, shape.semiAxes, shape.axes, shape.lobes);
      const appearance = sampleAppearance({
        shape,
        surface,
        tissues,
        rng: lesionRng.fork('appearance'),
        families,
        enhancementGain,
      });
      const value = {} as Record<Phase, ValueFn>;
      for (const phase of PHASES) value[phase] = withTexture(appearance.value[phase], anatomy.parenchymaTexture);
      placed.push({
        ...shape,
        id: `L${index + 1}`,
        center,
        surface,
        attributes: appearance.attributes,
        value,
      });
      return;
    }
    throw new Error(`could not place lesion ${index + 1} (${label}) inside the liver within the scanned range`);
  });
  return placed;
}

/** Adds the liver's parenchymal texture to a lesion's values (same field, same amplitude). */
function withTexture(fn: ValueFn, texture: Anatomy['parenchymaTexture']): ValueFn {
  const { field, amplitudeHu } = texture;
  const textured = (x: number, y: number, z: number, depthMm: number): number =>
    fn(x, y, z, depthMm) + amplitudeHu * field(x, y, z);
  return fn.needsDepth === true ? usingDepth(textured) : textured;
}

function findPosition(tries: number, propose: () => Vec3 | null): Vec3 | null {
  for (let t = 0; t < tries; t++) {
    const candidate = propose();
    if (candidate !== null) return candidate;
  }
  return null;
}
