import { Enums as ToolEnums } from '@cornerstonejs/tools';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { patientMm, type Vec3 } from '../../core/geometry';
import type { Phase } from '../../core/labels';
import type { Lesion } from '../../core/roi/lesion';
import { circularRoi, handlesFromRoi, type Roi } from '../../core/roi/roi';
import type { RoiListener } from './roi-layer';
import type { PhaseStack } from './slice-sync';

interface Stored {
  annotationUID: string;
  metadata: Record<string, unknown>;
  data: { handles: { points: Vec3[] }; label?: string };
}

/** Cornerstone's annotation state, in memory: what the layer writes and what it reads back. */
const state = vi.hoisted(() => ({
  annotations: new Map<string, Stored>(),
  /** Events Cornerstone would send for the layer's own writes: the layer must ignore them. */
  echoes: [] as { type: string; uid: string }[],
}));

vi.mock('@cornerstonejs/tools', async (original) => {
  const actual = await original<typeof import('@cornerstonejs/tools')>();
  const hydrate = (
    viewportId: string,
    points: Vec3[],
    options: { referencedImageId: string; annotationUID: string },
  ) => {
    state.annotations.set(options.annotationUID, {
      annotationUID: options.annotationUID,
      metadata: { toolName: 'EllipticalROI', referencedImageId: options.referencedImageId, viewportId },
      data: { handles: { points } },
    });
    state.echoes.push({ type: actual.Enums.Events.ANNOTATION_COMPLETED, uid: options.annotationUID });
  };
  return {
    ...actual,
    EllipticalROITool: { toolName: actual.EllipticalROITool.toolName, hydrate },
    RectangleROITool: { toolName: actual.RectangleROITool.toolName, hydrate },
    annotation: {
      ...actual.annotation,
      config: { style: { setAnnotationStyles: () => undefined } },
      state: {
        getAnnotation: (uid: string) => state.annotations.get(uid),
        removeAnnotation: (uid: string) => {
          state.annotations.delete(uid);
          state.echoes.push({ type: actual.Enums.Events.ANNOTATION_REMOVED, uid });
        },
        removeAllAnnotations: () => {
          for (const uid of state.annotations.keys())
            state.echoes.push({ type: actual.Enums.Events.ANNOTATION_REMOVED, uid });
          state.annotations.clear();
        },
      },
    },
  };
});

const { RoiLayer } = await import('./roi-layer');

const plane = { row: [1, 0, 0] as Vec3, column: [0, 1, 0] as Vec3 };
const positions = [0, 2, 4, 6, 8, 10];
const stack = (phase: Phase): PhaseStack =>
  ({
    phase,
    series: { normal: [0, 0, 1], sliceSpacing: 2 },
    imageIds: positions.map((_, k) => `${phase}:${String(k)}`),
    positions,
    normal: [0, 0, 1],
    plane,
  }) as unknown as PhaseStack;
const stacks = new Map<Phase, PhaseStack>([
  ['PV', stack('PV')],
  ['ART', stack('ART')],
]);

const roi = circularRoi(patientMm(10, 20, 4), 6);
const moved = circularRoi(patientMm(13, 20, 4), 6);

function lesion(pv: Roi, art: Roi): Lesion {
  return {
    id: 'L1',
    sourcePhase: 'PV',
    rois: { PV: { roi: pv, origin: 'drawn' }, ART: { roi: art, origin: 'carried' } },
  };
}

function event(type: string, annotation: Stored | undefined, changeType?: string): Event {
  return new CustomEvent(type, { detail: { annotation, ...(changeType === undefined ? {} : { changeType }) } });
}

/** Cornerstone's echoes of the layer's own writes, as it would send them. */
function replayEchoes(layer: InstanceType<typeof RoiLayer>): void {
  const echoes = state.echoes.splice(0);
  for (const echo of echoes) {
    const stored = state.annotations.get(echo.uid) ?? {
      annotationUID: echo.uid,
      metadata: {},
      data: { handles: { points: [] } },
    };
    layer.handleAnnotationEvent(event(echo.type, stored));
  }
}

function setup() {
  const calls: string[] = [];
  const listener: RoiListener = {
    roiDrawn: (phase, r) => calls.push(`drawn ${phase} ${r.center.join(',')}`),
    roiEdited: (phase, id, r, final) =>
      calls.push(`edited ${id} ${phase} ${r.center[0].toFixed(1)} ${final ? 'final' : 'moving'}`),
    roiRemoved: (phase, id) => calls.push(`removed ${id} ${phase}`),
  };
  const layer = new RoiLayer(
    listener,
    () => stacks,
    (phase) => `viewport-${phase}`,
    () => undefined,
  );
  return { layer, calls };
}

const uidOf = (lesionId: string, phase: Phase): string | undefined =>
  [...state.annotations.values()].find((a) => a.metadata.lesionId === lesionId && a.metadata.phase === phase)
    ?.annotationUID;

describe('the ROI layer draws the lesion state', () => {
  beforeEach(() => {
    state.annotations.clear();
    state.echoes.length = 0;
  });

  it('draws each ROI once, redraws only what changed, and never takes its own writes for the user', () => {
    const { layer, calls } = setup();
    layer.setLesions([lesion(roi, roi)]);
    expect(state.annotations.size).toBe(2);
    const pv = uidOf('L1', 'PV');
    const art = uidOf('L1', 'ART');
    replayEchoes(layer);
    // The same state again: nothing is touched.
    layer.setLesions([lesion(roi, roi)]);
    expect(state.echoes).toEqual([]);
    // ART moved: only ART is redrawn.
    layer.setLesions([lesion(roi, moved)]);
    expect(uidOf('L1', 'PV')).toBe(pv);
    expect(uidOf('L1', 'ART')).not.toBe(art);
    replayEchoes(layer);
    layer.setLesions([]);
    expect(state.annotations.size).toBe(0);
    replayEchoes(layer);
    expect(calls).toEqual([]);
  });

  it("a user's drag is an edit, not final until the mouse is released, and the state it makes is not redrawn", () => {
    const { layer, calls } = setup();
    layer.setLesions([lesion(roi, roi)]);
    const uid = uidOf('L1', 'PV') ?? '';
    const stored = state.annotations.get(uid);
    if (stored === undefined) throw new Error('not drawn');
    stored.data.handles.points = handlesFromRoi(moved, plane);
    layer.press();
    layer.handleAnnotationEvent(
      event(ToolEnums.Events.ANNOTATION_MODIFIED, stored, ToolEnums.ChangeTypes.HandlesUpdated),
    );
    layer.release();
    expect(calls).toEqual(['edited L1 PV 13.0 moving', 'edited L1 PV 13.0 final']);
    // The store now holds the very ROI the layer reported: the annotation under the mouse stays.
    const reported = (layer as unknown as { shown: Map<string, { roi: Roi }> }).shown.get('L1|PV')?.roi;
    if (reported === undefined) throw new Error('not shown');
    layer.setLesions([lesion(reported, roi)]);
    expect(uidOf('L1', 'PV')).toBe(uid);
  });

  it('a new outline drawn by the user is reported, then adopted by the lesion made of it, not redrawn', () => {
    const drawn: Stored = {
      annotationUID: 'user-1',
      metadata: { toolName: 'EllipticalROI', referencedImageId: 'PV:2' },
      data: { handles: { points: handlesFromRoi(roi, plane) } },
    };
    state.annotations.set('user-1', drawn);
    let reported: Roi | undefined;
    const layerWithRoi = new RoiLayer(
      { roiDrawn: (_, r) => (reported = r), roiEdited: () => undefined, roiRemoved: () => undefined },
      () => stacks,
      (phase) => `viewport-${phase}`,
      () => undefined,
    );
    layerWithRoi.handleAnnotationEvent(event(ToolEnums.Events.ANNOTATION_COMPLETED, drawn));
    if (reported === undefined) throw new Error('not reported');
    layerWithRoi.setLesions([lesion(reported, reported)]);
    expect(uidOf('L1', 'PV')).toBe('user-1');
    // Its own outline on PV, one drawn for ART.
    expect(state.annotations.size).toBe(2);
  });

  it("the user's removal of a shown ROI is reported; an outline no lesion took is removed", () => {
    const { layer, calls } = setup();
    layer.setLesions([lesion(roi, roi)]);
    const art = state.annotations.get(uidOf('L1', 'ART') ?? '');
    layer.handleAnnotationEvent(event(ToolEnums.Events.ANNOTATION_REMOVED, art));
    expect(calls).toEqual(['removed L1 ART']);

    const stray: Stored = {
      annotationUID: 'user-2',
      metadata: { toolName: 'EllipticalROI', referencedImageId: 'ART:1' },
      data: { handles: { points: handlesFromRoi(roi, plane) } },
    };
    state.annotations.set('user-2', stray);
    layer.handleAnnotationEvent(event(ToolEnums.Events.ANNOTATION_COMPLETED, stray));
    layer.setLesions([lesion(roi, roi)]);
    expect(state.annotations.has('user-2')).toBe(false);
  });

  it('says whether an ROI lies on the images', () => {
    const { layer } = setup();
    expect(layer.onImages('PV', roi)).toBe(true);
    expect(layer.onImages('PV', circularRoi(patientMm(0, 0, 40), 5))).toBe(false);
    expect(layer.onImages('NC', roi)).toBe(false);
  });
});
