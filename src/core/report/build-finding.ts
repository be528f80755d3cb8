/** A finding from what the page holds: the lesion, its per-phase readings, the result, the model. */
import type { SliceMeta } from '../dicom/slice-meta';
import type { LesionClass, Phase } from '../labels';
import type { ModelManifest } from '../model/manifest';
import { topClass } from '../model/top-class';
import type { Lesion, PhaseRoi } from '../roi/lesion';
import type { ImagePlane } from '../roi/roi';
import { reportedSize, type LesionSize } from '../roi/lesion-size';
import type { RingStats } from '../roi/liver-ring';
import type { RoiHuStats } from '../roi/roi-stats';
import {
  DISCLAIMER,
  FINDING_FORMAT,
  FINDING_VERSION,
  type Finding,
  type FindingPatientStudy,
  type FindingPhase,
  type KeyImage,
} from './finding';
import { roiOutline } from './roi-outline';

export interface PhaseInput {
  readonly phase: Phase;
  readonly seriesInstanceUid: string;
  readonly seriesDescription: string;
  readonly entry: PhaseRoi;
  readonly plane: ImagePlane;
  readonly sliceIndex: number | null;
  readonly slice: SliceMeta | null;
  readonly lesionHu: RoiHuStats | null;
  readonly liverHu: RingStats | null;
  /** The lesion's axes on the key image; null where it could not be read. */
  readonly size: LesionSize | null;
}

export interface FindingInput {
  readonly createdAt: Date;
  readonly app: { readonly name: string; readonly version: string };
  readonly studyInstanceUid: string;
  readonly patientStudy: FindingPatientStudy;
  readonly lesion: Lesion;
  readonly phases: readonly PhaseInput[];
  readonly probabilities: readonly number[];
  readonly backend: string;
  readonly inferenceMs: number;
  readonly manifest: ModelManifest;
}

function keyImage(input: PhaseInput): KeyImage | null {
  const { slice, sliceIndex } = input;
  if (slice === null || sliceIndex === null) return null;
  const { imagePositionPatient, pixelSpacing, imageOrientationPatient } = slice;
  if (imagePositionPatient === undefined || pixelSpacing === undefined || imageOrientationPatient === undefined)
    return null;
  return {
    sopInstanceUid: slice.sopInstanceUid,
    sopClassUid: slice.sopClassUid,
    instanceNumber: slice.instanceNumber,
    ...(slice.numberOfFrames > 1 ? { frameNumber: slice.frame + 1 } : {}),
    sliceIndex,
    rows: slice.rows,
    columns: slice.columns,
    outline: roiOutline(input.entry.roi, input.plane, { imagePositionPatient, pixelSpacing, imageOrientationPatient }),
  };
}

export function buildFinding(input: FindingInput): Finding {
  const { manifest, lesion } = input;
  const predicted: LesionClass | undefined = topClass(input.probabilities, manifest.classes);
  if (predicted === undefined || input.probabilities.length !== manifest.classes.length)
    throw new Error(`a finding needs one probability per class (${String(manifest.classes.length)})`);
  const size = reportedSize(input.phases, lesion.sourcePhase);
  const phases = input.phases.map((p): FindingPhase => {
    const { roi, origin } = p.entry;
    return {
      phase: p.phase,
      seriesInstanceUid: p.seriesInstanceUid,
      seriesDescription: p.seriesDescription,
      roi: {
        shape: roi.shape,
        centerMm: [roi.center[0], roi.center[1], roi.center[2]],
        halfWidthMm: roi.halfWidthMm,
        halfHeightMm: roi.halfHeightMm,
        rowDirection: p.plane.row,
        columnDirection: p.plane.column,
        origin,
      },
      keyImage: keyImage(p),
      lesionHu: p.lesionHu,
      liverHu: p.liverHu,
    };
  });
  return {
    format: FINDING_FORMAT,
    formatVersion: FINDING_VERSION,
    createdAt: input.createdAt.toISOString(),
    app: input.app,
    studyInstanceUid: input.studyInstanceUid,
    patientStudy: input.patientStudy,
    lesion: {
      id: lesion.id,
      userLabel: lesion.label ?? null,
      sourcePhase: lesion.sourcePhase,
      size,
    },
    classification: {
      classes: manifest.classes,
      probabilities: input.probabilities,
      predicted,
      backend: input.backend,
      inferenceMs: input.inferenceMs,
    },
    model: {
      id: manifest.id,
      version: manifest.version,
      inputPhases: manifest.phases,
      testAccuracy: manifest.accuracy,
      testSetSize: manifest.testSetSize,
      trainingData: manifest.trainingData,
      intendedUse: manifest.intendedUse,
    },
    phases,
    disclaimer: DISCLAIMER,
  };
}
