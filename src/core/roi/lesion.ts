/**
 * A lesion as the viewer tracks it: the ROI the user drew (or loaded) on one phase, and that
 * ROI carried to every other phase — by patient position, then refined by alignment or nudged
 * by hand. Converts to and from the annotation file format.
 */
import type { LesionAnnotation, StudyAnnotations } from '../annotations';
import type { Alignment } from './align';
import type { PatientMm, Vec3 } from '../geometry';
import type { LesionClass, Phase } from '../labels';
import { circularRoi, moveRoi, roiRadiusMm, type Roi, type RoiShape } from './roi';

/** How an ROI got onto a phase. */
export type RoiOrigin = 'drawn' | 'aligned' | 'carried' | 'nudged' | 'file';

export interface PhaseRoi {
  readonly roi: Roi;
  readonly origin: RoiOrigin;
  /** Alignment shift from the source phase (mm) and its score, where alignment ran. */
  readonly shiftMm?: Vec3;
  readonly score?: number;
}

export interface Lesion {
  readonly id: string;
  readonly label?: LesionClass;
  /** The phase the ROI was drawn on (or the annotation's `phase`). */
  readonly sourcePhase: Phase;
  readonly rois: Partial<Record<Phase, PhaseRoi>>;
  /**
   * The phases the ROI is still being aligned to (never empty: absent once none is). Each phase
   * leaves it as its own alignment answers, so what needs only some phases need not wait for all.
   */
  readonly aligning?: readonly Phase[];
  /** True while the user's mouse still moves one of its ROIs: nothing is read off them until it stops. */
  readonly dragging?: boolean;
}

/** Whether the lesion still waits for the alignment of any of `phases` (any phase, without them). */
export function isAligning(lesion: Lesion, phases?: readonly Phase[]): boolean {
  return (lesion.aligning ?? []).some((phase) => phases === undefined || phases.includes(phase));
}

/** The first free id of the form L1, L2, … */
export function nextLesionId(lesions: readonly { id: string }[]): string {
  const taken = new Set(lesions.map((l) => l.id));
  let n = 1;
  while (taken.has(`L${String(n)}`)) n++;
  return `L${String(n)}`;
}

/**
 * What a lesion's ROIs on `phases` are, as a string: anything read from them (probabilities, HU)
 * is read again only when this changes, and a result for ROIs since moved is never shown.
 */
export function roiSignature(lesion: Lesion, phases: readonly Phase[]): string {
  return phases
    .map((p) => {
      const roi = lesion.rois[p]?.roi;
      return roi === undefined
        ? '-'
        : `${roi.shape}:${roi.center.map((v) => v.toFixed(2)).join(',')}/${roi.halfWidthMm.toFixed(2)}/${roi.halfHeightMm.toFixed(2)}`;
    })
    .join('|');
}

/** Where the lesion is on each phase that has its ROI: what scroll synchronisation keeps together. */
export function lesionAnchors(lesion: Lesion): Map<Phase, PatientMm> {
  return new Map(
    (Object.entries(lesion.rois) as [Phase, PhaseRoi][]).map(([phase, entry]) => [phase, entry.roi.center]),
  );
}

export function toAnnotations(studyInstanceUid: string, lesions: readonly Lesion[]): StudyAnnotations {
  return {
    studyInstanceUid,
    lesions: lesions.flatMap((lesion): LesionAnnotation[] => {
      const source = lesion.rois[lesion.sourcePhase];
      if (source === undefined) return [];
      const phaseCenters: Partial<Record<Phase, LesionAnnotation['center']>> = {};
      for (const [phase, entry] of Object.entries(lesion.rois) as [Phase, PhaseRoi][]) {
        phaseCenters[phase] = entry.roi.center;
      }
      return [
        {
          id: lesion.id,
          ...(lesion.label === undefined ? {} : { label: lesion.label }),
          center: source.roi.center,
          radiusMm: roiRadiusMm(source.roi),
          phase: lesion.sourcePhase,
          phaseCenters,
        },
      ];
    }),
  };
}

/**
 * Lesions from an annotation file: a circular ROI on the annotated phase, and on every phase the
 * file gives a centre for. Phases without one are left for the viewer to carry and align.
 */
export function fromAnnotations(file: StudyAnnotations, shape: RoiShape = 'ellipse'): Lesion[] {
  return file.lesions.map((a) => {
    const rois: Partial<Record<Phase, PhaseRoi>> = {
      [a.phase]: { roi: circularRoi(a.center, a.radiusMm, shape), origin: 'file' },
    };
    for (const [phase, center] of Object.entries(a.phaseCenters ?? {}) as [Phase, LesionAnnotation['center']][]) {
      if (phase !== a.phase) rois[phase] = { roi: circularRoi(center, a.radiusMm, shape), origin: 'file' };
    }
    return {
      id: a.id,
      ...(a.label === undefined ? {} : { label: a.label }),
      sourcePhase: a.phase,
      rois,
    };
  });
}

/**
 * The ROI a phase gets from an alignment of the source ROI: moved where the match is confident,
 * else left where it was carried (the same patient position), with the score for the reader.
 */
export function phaseRoiFromAlignment(source: Roi, alignment: Alignment): PhaseRoi {
  return alignment.confident
    ? { roi: moveRoi(source, alignment.shiftMm), origin: 'aligned', shiftMm: alignment.shiftMm, score: alignment.score }
    : { roi: source, origin: 'carried', score: alignment.score };
}
