/** What the viewer and the dataset builder know about one image: a single-frame file, or one frame of a multi-frame file. */
import type { PatientMm, Vec3 } from '../geometry';

export interface SliceMeta {
  readonly fileName: string;
  readonly sopInstanceUid: string;
  readonly sopClassUid: string;
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly frameOfReferenceUid: string | undefined;
  readonly modality: string;
  readonly seriesNumber: number | undefined;
  readonly seriesDescription: string;
  readonly instanceNumber: number | undefined;
  readonly imagePositionPatient: PatientMm | undefined;
  /** Row direction then column direction (ImageOrientationPatient). */
  readonly imageOrientationPatient: readonly [Vec3, Vec3] | undefined;
  /** [between rows, between columns] in mm (DICOM order). */
  readonly pixelSpacing: readonly [number, number] | undefined;
  readonly sliceThickness: number | undefined;
  readonly rows: number;
  readonly columns: number;
  /** Frames in the file this image is in (1 for a single-frame file). */
  readonly numberOfFrames: number;
  /** Which of them this image is, from 0: several images share a file (and its SOPInstanceUID) in multi-frame CT. */
  readonly frame: number;
  readonly rescaleSlope: number;
  readonly rescaleIntercept: number;
  readonly transferSyntaxUid: string;
  /** Seconds since midnight. */
  readonly acquisitionTime: number | undefined;
  /** AcquisitionNumber: tells apart two acquisitions stored in one series (ART and PV of "LIVER 3 PHASE"). */
  readonly acquisitionNumber: number | undefined;
  readonly contrastBolusAgent: string | undefined;
  readonly contrastBolusStartTime: number | undefined;
  readonly bitsAllocated: number;
  /** The low bits of each allocated word that hold the value (the rest may hold overlays). */
  readonly bitsStored: number;
  readonly pixelRepresentation: number;
  /** 1 for greyscale; CT is never colour, so other values are refused when pixels are decoded. */
  readonly samplesPerPixel: number;
  readonly photometricInterpretation: string;
  /**
   * Where the pixel data element's value is: in the file, or for a deflated file in the meta
   * header followed by the inflated data set (see deflated.ts). For encapsulated data, the
   * span of its items (offset table and fragments) as dicom-parser measures it.
   */
  readonly pixelData: { readonly offset: number; readonly length: number };
}

/** Tells apart the frames of one multi-frame file, which share a SOPInstanceUID. */
export function imageKey(slice: SliceMeta): string {
  return slice.frame === 0 ? slice.sopInstanceUid : `${slice.sopInstanceUid}#${String(slice.frame)}`;
}
