/**
 * The numbers of docs/phantom-specification.md as data. Background tissues give a mean and a
 * per-study spread per phase; the generator draws each study's value uniformly within
 * mean ± spread. Tissues the specification does not list are marked "model" and chosen from
 * typical published CT values.
 */
import type { LesionClass, Phase } from '../../src/core/labels';

export interface HuRange {
  readonly mean: number;
  readonly spread: number;
}

type PerPhase<T> = Readonly<Record<Phase, T>>;

const same = (range: HuRange): PerPhase<HuRange> => ({ NC: range, ART: range, PV: range, DL: range });
const r = (mean: number, spread: number): HuRange => ({ mean, spread });

export const TISSUE_HU = {
  liver: { NC: r(55, 8), ART: r(70, 10), PV: r(110, 12), DL: r(90, 10) },
  aorta: { NC: r(40, 5), ART: r(280, 50), PV: r(160, 25), DL: r(110, 15) },
  portalVein: { NC: r(40, 5), ART: r(110, 30), PV: r(170, 25), DL: r(110, 15) },
  hepaticVein: { NC: r(40, 5), ART: r(50, 10), PV: r(150, 25), DL: r(110, 15) },
  spleen: { NC: r(48, 5), ART: r(120, 20), PV: r(120, 15), DL: r(100, 10) },
  kidneyCortex: { NC: r(35, 5), ART: r(180, 30), PV: r(170, 25), DL: r(140, 25) },
  muscle: { NC: r(50, 5), ART: r(58, 6), PV: r(65, 6), DL: r(62, 6) },
  fat: same(r(-100, 15)),
  bone: same(r(700, 200)),
  // model: tissues the specification does not list
  kidneyMedulla: { NC: r(32, 5), ART: r(90, 20), PV: r(150, 25), DL: r(150, 25) },
  cancellousBone: same(r(220, 60)),
  disc: same(r(80, 10)),
  csf: same(r(8, 5)),
  bowelWall: { NC: r(40, 5), ART: r(85, 15), PV: r(100, 15), DL: r(80, 10) },
  fluid: same(r(10, 6)),
} as const satisfies Record<string, PerPhase<HuRange>>;

export type Tissue = keyof typeof TISSUE_HU;
export const AIR_HU = -1000;

/** Tissues whose enhancement is driven by the contrast bolus (they share one per-study strength). */
export const CONTRAST_TISSUES: readonly Tissue[] = [
  'liver',
  'aorta',
  'portalVein',
  'hepaticVein',
  'spleen',
  'kidneyCortex',
  'kidneyMedulla',
  'bowelWall',
];

/**
 * Model, outside the specification: an early arterial phase (bolus tracking fired early), from
 * HCC009's arterial series (aorta 388 HU, portal vein 85 HU, liver +10 HU over unenhanced). The
 * liver's value is its enhancement above its own NC; the others are HU.
 */
export const EARLY_ARTERIAL_HU: Partial<Record<Tissue, readonly [number, number]>> = {
  aorta: [320, 450],
  portalVein: [60, 100],
  hepaticVein: [38, 50],
  liver: [3, 15],
  spleen: [85, 130],
  kidneyCortex: [170, 260],
  kidneyMedulla: [45, 80],
  bowelWall: [55, 80],
};

/** Model: PV/DL enhancement above NC multiplied by this under strong enhancement (HCC009, HCC048). */
export const STRONG_ENHANCEMENT_GAIN: readonly [number, number] = [1.15, 1.6];

/** Lesion diameters in mm (docs/phantom-specification.md, "The five lesion classes"). */
export const LESION_DIAMETER_MM: Readonly<Record<LesionClass, readonly [number, number]>> = {
  CYST: [5, 60],
  HEM: [10, 80],
  FNH: [15, 60],
  HCC: [15, 80],
  METS: [8, 50],
};

/** Acquisition ranges (docs/phantom-specification.md, "Acquisition"). */
export const ACQUISITION = {
  noiseSigmaHu: [8, 25],
  noiseKernelPx: [0.7, 1.5],
  pixelSpacingMm: [0.6, 0.9],
  sliceThicknessMm: [1.25, 2.5, 3, 5],
  misregistrationMm: 8,
  rescaleIntercepts: [-1024, 0],
  uninformativeDescriptionShare: 0.2,
} as const;

/** Seconds after the start of injection (docs/phantom-specification.md, "Phases"). */
export const PHASE_DELAY_S: Readonly<Record<Exclude<Phase, 'NC'>, readonly [number, number]>> = {
  ART: [25, 40],
  PV: [60, 80],
  DL: [180, 300],
};

/** SeriesDescription vocabularies: the specification's examples plus common variants. */
export const PHASE_DESCRIPTIONS: PerPhase<readonly string[]> = {
  NC: ['NC', 'PRE', 'Non contrast', 'NATIVE', 'Nativ', 'Unenhanced', 'w/o contrast', 'SANS IV'],
  ART: ['ART', 'Arterial', 'AP', 'Late arterial', 'ARTERIELLE', 'Art phase', 'LAP'],
  PV: ['PV', 'Portal', 'VEN', 'Portal venous', 'PVP', 'Venous', 'PORTALE'],
  DL: ['DELAY', 'Delayed 3min', 'Delayed', 'DL', 'Equilibrium', 'Late 5min', 'SPAT'],
};

export const UNINFORMATIVE_DESCRIPTIONS: readonly string[] = [
  'Abdomen {t}mm',
  'Body {t} B30f',
  'Liver {t}mm',
  'ABD/PEL {t}',
  'Axial {t}mm STND',
  'Series',
];

export const CONTRAST_AGENTS: readonly string[] = ['Iohexol 350', 'Iomeprol 400', 'Iopamidol 370', 'Iodixanol 320'];
