/** The patient point and HU under the mouse on a phase's viewport. */
import type { Types } from '@cornerstonejs/core';
import type { SliceMeta } from '../../core/dicom/slice-meta';
import { huAt } from '../../core/dicom/slice-pixel';
import { patientMm, type PatientMm } from '../../core/geometry';
import type { Phase } from '../../core/labels';
import type { PhaseStack } from './slice-sync';

export interface CursorReadout {
  readonly phase: Phase;
  readonly point: PatientMm;
  readonly hu: number | null;
  readonly sliceIndex: number;
}

export function readCursor(
  phase: Phase,
  viewport: Types.IStackViewport,
  stack: PhaseStack,
  element: HTMLDivElement,
  pointer: { clientX: number; clientY: number },
): CursorReadout {
  const rect = element.getBoundingClientRect();
  const world = viewport.canvasToWorld([pointer.clientX - rect.left, pointer.clientY - rect.top]);
  const point = patientMm(world[0], world[1], world[2]);
  const sliceIndex = viewport.getCurrentImageIdIndex();
  const slice: SliceMeta | undefined = stack.series.slices[sliceIndex];
  const image = viewport.getCornerstoneImage() as Types.IImage | undefined;
  if (slice === undefined || image === undefined) return { phase, point, hu: null, sliceIndex };
  const hu = huAt(slice, image.getPixelData(), image.preScale?.scaled === true, point);
  return { phase, point, hu, sliceIndex };
}
