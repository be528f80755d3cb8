/**
 * The lesions' ROIs as Cornerstone annotations, drawn from the app's lesion state: `setLesions`
 * makes the annotations match the lesions (only what changed is redrawn), and what the user does
 * to them comes back as ROI changes, never what this layer did itself.
 */
import { EllipticalROITool, RectangleROITool, annotation as annotationApi } from '@cornerstonejs/tools';
import type { Types } from '@cornerstonejs/core';
import { patientMm } from '../../core/geometry';
import type { Phase } from '../../core/labels';
import type { RoiLabel } from '../../core/model/roi-label';
import type { Lesion, PhaseRoi } from '../../core/roi/lesion';
import { handlesFromRoi, type Roi } from '../../core/roi/roi';
import { pointOnSlice, sliceForPoint } from '../../core/viewer/slice-position';
import { labelAnnotation, roiChangeOf, type CsAnnotation } from './roi-annotations';
import type { PhaseStack } from './slice-sync';

export interface RoiListener {
  /** The user finished drawing a new ROI (not yet a lesion's). */
  roiDrawn(phase: Phase, roi: Roi): void;
  /** The user moves or resized a lesion's ROI on one phase; `final` once the mouse is released. */
  roiEdited(phase: Phase, lesionId: string, roi: Roi, final: boolean): void;
  roiRemoved(phase: Phase, lesionId: string): void;
}

interface Shown {
  readonly uid: string;
  readonly lesionId: string;
  readonly phase: Phase;
  /** The ROI it shows: the lesion state's own object, or the one last reported to it. */
  roi: Roi;
}

const keyOf = (lesionId: string, phase: Phase): string => `${lesionId}|${phase}`;

export class RoiLayer {
  /** What each lesion's ROI on each phase is shown as, by `keyOf`. */
  private readonly shown = new Map<string, Shown>();
  /** ROIs the user drew that no lesion has taken yet, by the ROI object reported for them. */
  private readonly drawn = new Map<Roi, { uid: string; phase: Phase }>();
  private labels: ReadonlyMap<string, RoiLabel> = new Map();
  /** True while this layer changes annotations itself: their events are not the user's. */
  private writing = false;
  private pressed = false;
  private readonly editedWhilePressed = new Set<string>();

  constructor(
    private readonly listener: RoiListener,
    private readonly stacks: () => ReadonlyMap<Phase, PhaseStack>,
    private readonly viewportId: (phase: Phase) => string,
    private readonly render: () => void,
  ) {}

  /** Makes the annotations show `lesions`: new ROIs drawn, moved ones redrawn, gone ones removed. */
  setLesions(lesions: readonly Lesion[]): void {
    const stacks = this.stacks();
    const wanted = new Map<string, { lesionId: string; phase: Phase; roi: Roi }>();
    for (const lesion of lesions) {
      for (const [phase, entry] of Object.entries(lesion.rois) as [Phase, PhaseRoi][]) {
        if (stacks.has(phase)) wanted.set(keyOf(lesion.id, phase), { lesionId: lesion.id, phase, roi: entry.roi });
      }
    }
    this.write(() => {
      for (const [key, shown] of this.shown) {
        if (wanted.get(key)?.roi === shown.roi) continue;
        annotationApi.state.removeAnnotation(shown.uid);
        this.shown.delete(key);
      }
      for (const [key, want] of wanted) {
        if (this.shown.has(key)) continue;
        const drawn = this.drawn.get(want.roi);
        if (drawn?.phase === want.phase) {
          // The user's own outline becomes the lesion's: nothing is redrawn under the mouse.
          this.drawn.delete(want.roi);
          this.adopt(key, { uid: drawn.uid, ...want });
        } else {
          const uid = this.hydrate(want.phase, want.roi);
          if (uid !== null) this.adopt(key, { uid, ...want });
        }
      }
      // Drawn, and taken by no lesion.
      for (const { uid } of this.drawn.values()) annotationApi.state.removeAnnotation(uid);
      this.drawn.clear();
    });
    this.render();
  }

  /** Whether `roi` lies on one of `phase`'s slices. */
  onImages(phase: Phase, roi: Roi): boolean {
    const stack = this.stacks().get(phase);
    return stack !== undefined && sliceForPoint(stack.series, stack.positions, roi.center) >= 0;
  }

  setLabels(labels: ReadonlyMap<string, RoiLabel>): void {
    this.labels = labels;
    for (const { uid } of this.shown.values()) this.label(uid);
    this.render();
  }

  /** A mouse button went down on a viewport: edits until it is released are not final. */
  press(): void {
    this.pressed = true;
  }

  /** The mouse button was released: every ROI edited meanwhile is final where it now is. */
  release(): void {
    this.pressed = false;
    const edited = [...this.editedWhilePressed];
    this.editedWhilePressed.clear();
    for (const key of edited) {
      const shown = this.shown.get(key);
      if (shown !== undefined) this.listener.roiEdited(shown.phase, shown.lesionId, shown.roi, true);
    }
  }

  /** Removes every annotation (the viewports are being replaced). */
  clear(): void {
    this.write(() => {
      annotationApi.state.removeAllAnnotations();
    });
    this.shown.clear();
    this.drawn.clear();
    this.editedWhilePressed.clear();
  }

  handleAnnotationEvent(event: Event): void {
    if (this.writing) return;
    const change = roiChangeOf(event, this.stacks());
    if (change === null) return;
    if (change.kind === 'drawn') {
      if ([...this.shown.values()].some((s) => s.uid === change.annotationUid)) return;
      this.drawn.set(change.roi, { uid: change.annotationUid, phase: change.phase });
      this.listener.roiDrawn(change.phase, change.roi);
      return;
    }
    const key = keyOf(change.lesionId, change.phase);
    const shown = this.shown.get(key);
    // Only the annotation that shows the lesion's ROI now speaks for it.
    if (shown?.uid !== change.annotationUid) return;
    if (change.kind === 'removed') {
      this.shown.delete(key);
      this.listener.roiRemoved(change.phase, change.lesionId);
      return;
    }
    shown.roi = change.roi;
    if (this.pressed) this.editedWhilePressed.add(key);
    this.listener.roiEdited(change.phase, change.lesionId, change.roi, !this.pressed);
  }

  private adopt(key: string, shown: Shown): void {
    const annotation = annotationApi.state.getAnnotation(shown.uid) as CsAnnotation | undefined;
    if (annotation === undefined) return;
    annotation.metadata.lesionId = shown.lesionId;
    annotation.metadata.phase = shown.phase;
    this.shown.set(key, shown);
    this.label(shown.uid);
  }

  /** A new annotation for `roi` on the slice of `phase` nearest its centre; null when on none. */
  private hydrate(phase: Phase, roi: Roi): string | null {
    const stack = this.stacks().get(phase);
    if (stack === undefined) return null;
    const index = sliceForPoint(stack.series, stack.positions, roi.center);
    if (index < 0) return null;
    const points = handlesFromRoi(roi, stack.plane).map(
      (p) => [...pointOnSlice(stack.normal, stack.positions, index, patientMm(p[0], p[1], p[2]))] as Types.Point3,
    );
    const hydrate = roi.shape === 'ellipse' ? EllipticalROITool.hydrate : RectangleROITool.hydrate;
    const annotationUID = crypto.randomUUID();
    hydrate(this.viewportId(phase), points, { referencedImageId: stack.imageIds[index], annotationUID });
    return annotationUID;
  }

  private label(uid: string): void {
    const annotation = annotationApi.state.getAnnotation(uid) as CsAnnotation | undefined;
    if (annotation !== undefined) labelAnnotation(annotation, this.labels);
  }

  private write(change: () => void): void {
    this.writing = true;
    try {
      change();
    } finally {
      this.writing = false;
    }
  }
}
