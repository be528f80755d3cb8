/**
 * A finding as the clinician takes it away: one lesion's ROIs in every phase, the HU read in
 * them, the model's probabilities and what produced them. The JSON export is this object; the
 * PDF and the DICOM Structured Report are written from it, so the three never disagree.
 */
import type { LesionClass, Phase } from '../labels';
import type { Vec3 } from '../geometry';
import type { RoiOrigin } from '../roi/lesion';
import type { RoiShape } from '../roi/roi';
import type { LesionSize } from '../roi/lesion-size';
import type { RingStats } from '../roi/liver-ring';
import type { RoiHuStats } from '../roi/roi-stats';

export const FINDING_FORMAT = 'liver-lesion-finding';
export const FINDING_VERSION = 1;

/** The slice a phase's ROI is measured on: what the SR's image reference and coordinates point at. */
export interface KeyImage {
  readonly sopInstanceUid: string;
  readonly sopClassUid: string;
  readonly instanceNumber: number | undefined;
  /** Which frame of a multi-frame image, from 1 (DICOM's ReferencedFrameNumber); absent for a single-frame image. */
  readonly frameNumber?: number;
  /** 0-based index of the slice in the series, sorted along its normal. */
  readonly sliceIndex: number;
  readonly rows: number;
  readonly columns: number;
  /**
   * The ROI outline in this image's pixel coordinates (column, row; the centre of the top-left
   * pixel is (0.5, 0.5), as DICOM SCOORD has it): an ellipse as its major- then minor-axis
   * end points (4 points), a rectangle as a closed polyline (5 points).
   */
  readonly outline: {
    readonly graphicType: 'ELLIPSE' | 'POLYLINE';
    readonly points: readonly (readonly [column: number, row: number])[];
  };
}

export interface FindingPhase {
  readonly phase: Phase;
  readonly seriesInstanceUid: string;
  readonly seriesDescription: string;
  readonly roi: {
    readonly shape: RoiShape;
    /** Patient coordinates (DICOM LPS), mm. */
    readonly centerMm: Vec3;
    readonly halfWidthMm: number;
    readonly halfHeightMm: number;
    /** The in-plane directions the half-extents run along (ImageOrientationPatient). */
    readonly rowDirection: Vec3;
    readonly columnDirection: Vec3;
    /** How the ROI got onto this phase: drawn, carried, aligned, nudged, or from a file. */
    readonly origin: RoiOrigin;
  };
  /** The slice through the ROI centre; null when the centre lies off the series. */
  readonly keyImage: KeyImage | null;
  /** HU inside the ROI on the key image; null where no pixel could be read. */
  readonly lesionHu: RoiHuStats | null;
  /** HU of the liver around the ROI (a ring outside it, roi-stats.ts). */
  readonly liverHu: RingStats | null;
}

export interface FindingModel {
  readonly id: string;
  /** The model's training date from its manifest: what changes when it is rebuilt. */
  readonly version: string;
  readonly inputPhases: readonly Phase[];
  readonly testAccuracy: number | undefined;
  readonly testSetSize: number | undefined;
  readonly trainingData: string;
  readonly intendedUse: string;
}

/** Patient and study attributes copied from the key images, so an SR files under the same patient. */
export interface FindingPatientStudy {
  readonly patientName: string;
  readonly patientId: string;
  readonly patientBirthDate: string;
  readonly patientSex: string;
  readonly studyDate: string;
  readonly studyTime: string;
  readonly studyId: string;
  readonly accessionNumber: string;
  readonly referringPhysicianName: string;
  readonly studyDescription: string;
}

export interface Finding {
  readonly format: typeof FINDING_FORMAT;
  readonly formatVersion: typeof FINDING_VERSION;
  /** ISO 8601, when the finding was exported. */
  readonly createdAt: string;
  readonly app: { readonly name: string; readonly version: string };
  readonly studyInstanceUid: string;
  readonly patientStudy: FindingPatientStudy;
  readonly lesion: {
    readonly id: string;
    /** The label the user picked, if any (not the model's). */
    readonly userLabel: LesionClass | null;
    readonly sourcePhase: Phase;
    /**
     * Long axis and the longest axis across it (lesion-size.ts `reportedSize`): on the lesion's
     * boundary on the phase where it stands out most, or the ROI outline's axes on the phase it
     * was drawn on where no boundary could be drawn; null where no image could be read.
     */
    readonly size: (LesionSize & { readonly phase: Phase }) | null;
  };
  readonly classification: {
    readonly classes: readonly LesionClass[];
    readonly probabilities: readonly number[];
    readonly predicted: LesionClass;
    readonly backend: string;
    readonly inferenceMs: number;
  };
  readonly model: FindingModel;
  /** Every phase with an ROI, in acquisition order (NC, ART, PV, DL). */
  readonly phases: readonly FindingPhase[];
  readonly disclaimer: string;
}

export const DISCLAIMER =
  'Research demo, not a medical device, not for clinical use. The model was trained on synthetic CT phantoms only; its probabilities are not a diagnosis.';
