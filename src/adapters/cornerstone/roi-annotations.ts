/**
 * Cornerstone's annotation events as the app's ROI changes: a new ROI drawn, a lesion's ROI
 * moved or resized on one phase, or removed. Annotations carry the lesion and phase they are for,
 * and show the lesion's label.
 */
import { Enums as ToolEnums, annotation as annotationApi, type Types as ToolTypes } from '@cornerstonejs/tools';
import type { Vec3 } from '../../core/geometry';
import type { Phase } from '../../core/labels';
import type { RoiLabel } from '../../core/model/roi-label';
import { roiFromHandles, type Roi } from '../../core/roi/roi';
import { shapeOfTool } from './phase-tools';
import type { PhaseStack } from './slice-sync';

interface LesionMetadata {
  lesionId?: string;
  phase?: Phase;
}

export type CsAnnotation = ToolTypes.Annotation & { metadata: ToolTypes.Annotation['metadata'] & LesionMetadata };

export const ANNOTATION_EVENTS = [
  ToolEnums.Events.ANNOTATION_COMPLETED,
  ToolEnums.Events.ANNOTATION_MODIFIED,
  ToolEnums.Events.ANNOTATION_REMOVED,
];
const COMPLETED: string = ToolEnums.Events.ANNOTATION_COMPLETED;
const MODIFIED: string = ToolEnums.Events.ANNOTATION_MODIFIED;
const REMOVED: string = ToolEnums.Events.ANNOTATION_REMOVED;
const HANDLES_UPDATED: string = ToolEnums.ChangeTypes.HandlesUpdated;

export type RoiChange =
  | { readonly kind: 'drawn'; readonly phase: Phase; readonly annotationUid: string; readonly roi: Roi }
  | {
      readonly kind: 'edited';
      readonly phase: Phase;
      readonly lesionId: string;
      readonly annotationUid: string;
      readonly roi: Roi;
    }
  | { readonly kind: 'removed'; readonly phase: Phase; readonly lesionId: string; readonly annotationUid: string };

/** What the user did, or null for an event that is no ROI change of the app's (stats updates, other tools). */
export function roiChangeOf(event: Event, stacks: ReadonlyMap<Phase, PhaseStack>): RoiChange | null {
  const detail = (event as CustomEvent<{ annotation?: CsAnnotation; changeType?: string }>).detail;
  const drawn = detail.annotation;
  const annotationUid = drawn?.annotationUID;
  if (drawn === undefined || annotationUid === undefined) return null;
  // Stats updates and the like also arrive as "modified": only moved handles are an edit.
  const isEdit = detail.changeType === HANDLES_UPDATED;
  if (event.type === MODIFIED && !isEdit) return null;
  const phase = drawn.metadata.phase ?? phaseOfImage(stacks, drawn.metadata.referencedImageId);
  if (phase === undefined) return null;
  const stack = stacks.get(phase);
  const shape = shapeOfTool(drawn.metadata.toolName);
  if (stack === undefined || shape === undefined) return null;
  const lesionId = drawn.metadata.lesionId;
  if (event.type === REMOVED)
    return lesionId === undefined ? null : { kind: 'removed', phase, lesionId, annotationUid };
  const points = (drawn.data.handles?.points ?? []) as Vec3[];
  if (points.length !== 4) return null;
  const roi = roiFromHandles(shape, points, stack.plane);
  if (event.type === COMPLETED && lesionId === undefined) return { kind: 'drawn', phase, annotationUid, roi };
  if (event.type === MODIFIED && lesionId !== undefined) return { kind: 'edited', phase, lesionId, annotationUid, roi };
  return null;
}

function phaseOfImage(stacks: ReadonlyMap<Phase, PhaseStack>, imageId: string | undefined): Phase | undefined {
  if (imageId === undefined) return undefined;
  for (const [phase, stack] of stacks) if (stack.imageIds.includes(imageId)) return phase;
  return undefined;
}

/** The selected lesion's outline: thicker and in a colour no other ROI has. */
// Cornerstone draws the other ROIs yellow (green while hovered): the selected one is sky blue.
const SELECTED_COLOUR = 'rgb(80, 220, 255)';
const SELECTED_STYLE: Parameters<typeof annotationApi.config.style.setAnnotationStyles>[1] = {
  color: SELECTED_COLOUR,
  colorSelected: SELECTED_COLOUR,
  colorHighlighted: SELECTED_COLOUR,
  lineWidth: 3,
  textBoxColor: SELECTED_COLOUR,
  textBoxColorSelected: SELECTED_COLOUR,
  textBoxColorHighlighted: SELECTED_COLOUR,
};

/** The annotation's text is its lesion's label (its id until it has one); the selected lesion's stands out. */
export function labelAnnotation(annotation: CsAnnotation, labels: ReadonlyMap<string, RoiLabel>): void {
  const { lesionId } = annotation.metadata;
  const uid = annotation.annotationUID;
  if (lesionId === undefined || uid === undefined) return;
  const label = labels.get(lesionId);
  annotation.data.label = label?.text ?? lesionId;
  annotationApi.config.style.setAnnotationStyles(uid, label?.selected === true ? SELECTED_STYLE : {});
}
