/**
 * Scrolling in step: the phases other than the one the user scrolls follow it to the slice
 * showing the same anatomy (src/core's syncedSliceIndex), relative to the selected lesion's
 * anchor on each phase where there is one.
 */
import type { Types } from '@cornerstonejs/core';
import type { Series } from '../../core/dicom/series';
import type { PatientMm, Vec3 } from '../../core/geometry';
import type { Phase } from '../../core/labels';
import type { ImagePlane } from '../../core/roi/roi';
import { syncedSliceIndex } from '../../core/viewer/slice-position';

export interface PhaseStack {
  readonly phase: Phase;
  readonly series: Series;
  /** One per slice of `series`, in the same order. */
  readonly imageIds: readonly string[];
  readonly positions: readonly number[];
  readonly normal: Vec3;
  readonly plane: ImagePlane;
}

/** Read when used: the engine replaces its stacks and anchors. */
export interface SyncedPhases {
  stacks(): ReadonlyMap<Phase, PhaseStack>;
  anchors(): ReadonlyMap<Phase, PatientMm>;
  viewport(phase: Phase): Types.IStackViewport | undefined;
  loadFailed(phase: Phase, error: unknown): void;
}

/** Where `follower` should be for `leader`'s slice `index`; -1 when nowhere. */
function targetIndex(phases: SyncedPhases, leader: Phase, index: number, follower: Phase): number {
  const source = phases.stacks().get(leader);
  const stack = phases.stacks().get(follower);
  if (source === undefined || stack === undefined) return -1;
  return syncedSliceIndex(
    { positions: source.positions, normal: source.normal, anchor: phases.anchors().get(leader) },
    index,
    { positions: stack.positions, normal: stack.normal, anchor: phases.anchors().get(follower) },
  );
}

function moveTo(phases: SyncedPhases, phase: Phase, target: number): void {
  const viewport = phases.viewport(phase);
  if (viewport !== undefined && target >= 0 && viewport.getCurrentImageIdIndex() !== target) {
    viewport.setImageIdIndex(target).catch((error: unknown) => {
      phases.loadFailed(phase, error);
    });
  }
}

/** Moves every other phase to the slice showing the same anatomy as `phase`'s slice `index`. */
export function syncSlices(phases: SyncedPhases, phase: Phase, index: number): void {
  for (const other of phases.stacks().keys()) {
    if (other !== phase) moveTo(phases, other, targetIndex(phases, phase, index, other));
  }
}

/**
 * A follower that just showed a slice moves on to where the leader is now. Cornerstone 5.14
 * shows each load as it finishes, so when the wheel outruns a follower's loads, an earlier
 * slice can arrive after the latest one and stay on screen, slices behind. Its event fires
 * before the viewport records that index, hence the check once the event's task is done.
 */
export function catchUp(phases: SyncedPhases, leader: () => Phase | undefined, follower: Phase): void {
  queueMicrotask(() => {
    const leading = leader();
    if (leading === undefined || leading === follower) return;
    const viewport = phases.viewport(leading);
    if (viewport === undefined) return;
    moveTo(phases, follower, targetIndex(phases, leading, viewport.getCurrentImageIdIndex(), follower));
  });
}
