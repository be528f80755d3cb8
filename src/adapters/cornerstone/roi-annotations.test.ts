import { Enums as ToolEnums } from '@cornerstonejs/tools';
import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../core/geometry';
import { roiFromHandles } from '../../core/roi/roi';
import { roiChangeOf } from './roi-annotations';
import type { PhaseStack } from './slice-sync';

const plane = { row: [1, 0, 0] as Vec3, column: [0, 1, 0] as Vec3 };
const stacks = new Map([['PV', { phase: 'PV', imageIds: ['pv:0', 'pv:1'], plane } as unknown as PhaseStack]] as const);
const points: Vec3[] = [
  [10, 0, 5],
  [-10, 0, 5],
  [0, 8, 5],
  [0, -8, 5],
];

function annotationEvent(
  type: string,
  metadata: Record<string, unknown>,
  changeType?: string,
  handles: Vec3[] = points,
): Event {
  return new CustomEvent(type, {
    detail: {
      annotation: { annotationUID: 'a1', metadata, data: { handles: { points: handles } } },
      ...(changeType === undefined ? {} : { changeType }),
    },
  });
}

describe('roiChangeOf', () => {
  const {
    ANNOTATION_COMPLETED: COMPLETED,
    ANNOTATION_MODIFIED: MODIFIED,
    ANNOTATION_REMOVED: REMOVED,
  } = ToolEnums.Events;
  const moved = ToolEnums.ChangeTypes.HandlesUpdated;
  const roi = roiFromHandles('ellipse', points, plane);

  it('a new ellipse drawn on a phase image is a drawn ROI, its phase found from the image', () => {
    const event = annotationEvent(COMPLETED, { toolName: 'EllipticalROI', referencedImageId: 'pv:1' });
    expect(roiChangeOf(event, stacks)).toEqual({ kind: 'drawn', phase: 'PV', annotationUid: 'a1', roi });
  });

  it("a lesion's ROI with moved handles is an edit; a stats update or another tool is nothing", () => {
    const lesion = { toolName: 'EllipticalROI', phase: 'PV', lesionId: 'L1' };
    expect(roiChangeOf(annotationEvent(MODIFIED, lesion, moved), stacks)).toEqual({
      kind: 'edited',
      phase: 'PV',
      lesionId: 'L1',
      annotationUid: 'a1',
      roi,
    });
    expect(roiChangeOf(annotationEvent(MODIFIED, lesion, 'StatsUpdated'), stacks)).toBeNull();
    expect(roiChangeOf(annotationEvent(MODIFIED, { ...lesion, toolName: 'Length' }, moved), stacks)).toBeNull();
    expect(roiChangeOf(annotationEvent(MODIFIED, lesion, moved, points.slice(0, 2)), stacks)).toBeNull();
  });

  it("a removed lesion ROI is a removal; a removed drawing that was never a lesion's is nothing", () => {
    const lesion = { toolName: 'RectangleROI', phase: 'PV', lesionId: 'L1' };
    expect(roiChangeOf(annotationEvent(REMOVED, lesion), stacks)).toEqual({
      kind: 'removed',
      phase: 'PV',
      lesionId: 'L1',
      annotationUid: 'a1',
    });
    expect(roiChangeOf(annotationEvent(REMOVED, { toolName: 'RectangleROI', phase: 'PV' }), stacks)).toBeNull();
    expect(
      roiChangeOf(annotationEvent(COMPLETED, { toolName: 'EllipticalROI', referencedImageId: 'nc:0' }), stacks),
    ).toBeNull();
  });
});
