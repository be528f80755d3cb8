import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { RoiListener, ViewerEngine } from '../../adapters/cornerstone';
import type { BrowserFileSource } from '../../adapters/files';
import { usePerLesion } from '../../adapters/react';
import { parseAnnotations } from '../../core/annotations';
import { errorMessage } from '../../core/error-message';
import type { LesionClass, Phase } from '../../core/labels';
import type { Alignment } from '../../core/roi/align';
import { fromAnnotations, isAligning, lesionAnchors, toAnnotations, type Lesion } from '../../core/roi/lesion';
import { alignmentKey, alignmentTargets, createLesionStore, type LesionStore } from '../../core/roi/lesion-store';
import type { ModelReads } from '../../core/roi/model-reads';
import type { Derivation } from '../../core/roi/per-lesion';
import type { StudySeries } from '../../core/study/read-study';
import { alignToPhases } from './align-phases';
import { warmUpAlignment } from './align-runner';

export interface LesionContext {
  readonly engine: ViewerEngine | null;
  /** True once the engine shows the current study's stacks. */
  readonly ready: boolean;
  readonly studyUid: string | undefined;
  readonly byPhase: Partial<Record<Phase, StudySeries>>;
  readonly sources: ReadonlyMap<string, BrowserFileSource>;
  /** When the model has read a lesion: its phases besides the model's are aligned after that. */
  readonly modelReads: ModelReads;
}

/** What the user does to ROIs on the viewports, as the store's actions. */
export function roiEventsFor(store: LesionStore): RoiListener {
  return {
    roiDrawn: (phase, roi) => {
      store.dispatch({ type: 'drawn', phase, roi });
    },
    roiEdited: (phase, id, roi, final) => {
      store.dispatch({ type: 'edited', id, phase, roi, final });
    },
    roiRemoved: (phase, id) => {
      store.dispatch({ type: 'roiRemoved', id, phase });
    },
  };
}

/** The lesion store of the page, made once. */
export function useLesionStore(): LesionStore {
  const [store] = useState(createLesionStore);
  return store;
}

/**
 * The study's lesions (core/roi/lesion-store.ts): ROIs drawn or loaded, carried and aligned to
 * every phase, shown on the viewports from the store, exported. The viewer's ROI events reach
 * the same store through `roiEventsFor`.
 */
export function useLesions(store: LesionStore, ctx: LesionContext) {
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const { engine, ready, studyUid, byPhase, sources, modelReads } = ctx;

  // A new study (or new stacks for it) starts with no lesions.
  useEffect(() => {
    store.dispatch({ type: 'opened', phases: Object.keys(byPhase) as Phase[] });
  }, [store, studyUid, byPhase]);

  // The viewports show what the store holds.
  useEffect(() => {
    if (ready) engine?.setLesions(state.lesions);
  }, [engine, ready, state.lesions]);

  // Edits and alignments move the selected lesion: keep scrolling anchored on where it is now.
  const selectedLesion = state.lesions.find((l) => l.id === state.selected);
  useEffect(() => {
    engine?.setAnchors(selectedLesion === undefined ? new Map() : lesionAnchors(selectedLesion));
  }, [engine, selectedLesion]);

  // A lesion brought into view: its source phase scrolls to it, the others follow.
  const { focus } = state;
  useEffect(() => {
    const { lesions, selected } = store.getState();
    const lesion = lesions.find((l) => l.id === selected);
    const point = lesion?.rois[lesion.sourcePhase]?.roi.center;
    if (engine !== null && lesion !== undefined && point !== undefined)
      void engine.scrollToPoint(lesion.sourcePhase, point);
  }, [store, engine, focus]);

  useAlignment(store, state.lesions, byPhase, sources, modelReads);

  // Two phases or more: ROIs will be aligned, so have the workers ready before the first one.
  useEffect(() => {
    if (Object.keys(byPhase).length > 1) warmUpAlignment();
  }, [byPhase]);

  const select = useCallback(
    (id: string) => {
      store.dispatch({ type: 'selected', id });
    },
    [store],
  );
  const remove = useCallback(
    (id: string) => {
      store.dispatch({ type: 'removed', id });
    },
    [store],
  );
  const setLabel = useCallback(
    (id: string, label: LesionClass | undefined) => {
      store.dispatch({ type: 'labelled', id, label });
    },
    [store],
  );

  const loadAnnotations = useCallback(
    async (file: Blob | Promise<Blob>) => {
      try {
        const parsed = parseAnnotations(JSON.parse(await (await file).text()) as unknown);
        if (studyUid !== undefined && parsed.studyInstanceUid !== studyUid) {
          throw new Error(`it belongs to another study (${parsed.studyInstanceUid}, the open one is ${studyUid})`);
        }
        const lesions = fromAnnotations(parsed);
        const outside = lesions
          .filter((lesion) => {
            const source = lesion.rois[lesion.sourcePhase];
            return source === undefined || engine?.roiOnImages(lesion.sourcePhase, source.roi) !== true;
          })
          .map((lesion) => lesion.id);
        store.dispatch({ type: 'loaded', lesions, outside });
      } catch (error) {
        store.dispatch({ type: 'failed', message: `The annotation file was not loaded: ${errorMessage(error)}` });
      }
    },
    [store, engine, studyUid],
  );

  const exportAnnotations = useCallback((): string | null => {
    if (studyUid === undefined) return null;
    return JSON.stringify(toAnnotations(studyUid, store.getState().lesions), null, 2);
  }, [store, studyUid]);

  return {
    lesions: state.lesions,
    selected: state.selected,
    selectedLesion,
    errors: state.errors,
    select,
    remove,
    setLabel,
    loadAnnotations,
    exportAnnotations,
  };
}

/**
 * Longest a lesion's DL alignment waits for the model to read it: inference takes 50–100 ms on
 * WASM here, but seconds on an emulated GPU, and the DL ROI should not lag far behind.
 */
const LATER_PHASES_WAIT_MS = 3000;

/**
 * Each lesion whose ROI was carried to other phases is aligned there once the mouse is released;
 * the answer goes back to the store, which takes it only for the source ROI it was made for.
 */
function useAlignment(
  store: LesionStore,
  lesions: readonly Lesion[],
  byPhase: Partial<Record<Phase, StudySeries>>,
  sources: ReadonlyMap<string, BrowserFileSource>,
  modelReads: ModelReads,
): void {
  const alignment = useMemo<Derivation<void>>(
    () => ({
      // Its answer goes into the store, which ends `aligning`; the key is empty from then on, so a
      // source ROI edited to where it already was (the release repeats the last drag position)
      // still starts a new alignment rather than matching the finished one.
      key: (lesion) => (isAligning(lesion) ? alignmentKey(lesion) : ''),
      ready: (lesion) => isAligning(lesion) && lesion.dragging !== true,
      derive: async (lesion, sourceKey, signal) => {
        const source = lesion.rois[lesion.sourcePhase];
        const sourceSeries = byPhase[lesion.sourcePhase];
        const targets = alignmentTargets(lesion).flatMap((phase) => {
          const target = byPhase[phase];
          return target === undefined ? [] : [{ phase, series: target.series }];
        });
        // Each phase's answer goes into the store as it comes, so what needs only some phases
        // (the model's) starts without waiting for the rest.
        const dispatch = (alignments: ReadonlyMap<Phase, Alignment | null>, complete: boolean): void => {
          if (!signal.aborted) store.dispatch({ type: 'aligned', id: lesion.id, sourceKey, alignments, complete });
        };
        try {
          if (source !== undefined && sourceSeries !== undefined)
            await alignToPhases(
              { phase: lesion.sourcePhase, series: sourceSeries.series },
              source.roi,
              targets,
              sources,
              (phase, alignment) => {
                dispatch(new Map([[phase, alignment]]), false);
              },
              () => modelReads.next(lesion.id, LATER_PHASES_WAIT_MS),
            );
          dispatch(new Map(), true);
        } catch (error) {
          if (!signal.aborted)
            store.dispatch({ type: 'alignFailed', id: lesion.id, sourceKey, message: errorMessage(error) });
        }
      },
    }),
    [store, byPhase, sources, modelReads],
  );
  usePerLesion(alignment, lesions, alignment);
}
