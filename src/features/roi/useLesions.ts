import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ViewerEngine } from '../../adapters/cornerstone';
import type { BrowserFileSource } from '../../adapters/files';
import { parseAnnotations } from '../../core/annotations';
import type { LesionClass, Phase } from '../../core/labels';
import {
  fromAnnotations,
  nextLesionId,
  phaseRoiFromAlignment,
  lesionAnchors,
  toAnnotations,
  type Lesion,
  type PhaseRoi,
} from '../../core/roi/lesion';
import type { Alignment } from '../../core/roi/align';
import type { Roi } from '../../core/roi/roi';
import type { StudySeries } from '../../core/study/read-study';
import { alignToPhases } from './align-phases';
import { warmUpAlignment } from './align-runner';
import { errorMessage } from '../../core/error-message';

export interface LesionContext {
  readonly engine: ViewerEngine | null;
  /** True once the engine shows the current study's stacks. */
  readonly ready: boolean;
  readonly studyUid: string | undefined;
  readonly byPhase: Partial<Record<Phase, StudySeries>>;
  readonly sources: ReadonlyMap<string, BrowserFileSource>;
}

/** Origins the app must not overwrite when it re-carries an ROI: the user or the file put them there. */
const KEEP: ReadonlySet<PhaseRoi['origin']> = new Set(['nudged', 'file', 'drawn']);

/** The study's lesions: ROIs drawn or loaded, carried and aligned to every phase, exported. */
export function useLesions(ctx: LesionContext) {
  const [lesions, setLesions] = useState<readonly Lesion[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [errors, setErrors] = useState<readonly string[]>([]);
  const current = useRef(lesions);
  const ctxRef = useRef(ctx);
  // Callbacks read the latest context; `current` is also set by `commit`, before the render.
  useLayoutEffect(() => {
    current.current = lesions;
    ctxRef.current = ctx;
  });
  /** Bumped per lesion on each change, so a slow alignment cannot overwrite a newer ROI. */
  const versions = useRef(new Map<string, number>());

  const commit = useCallback((next: readonly Lesion[]) => {
    current.current = next;
    setLesions(next);
  }, []);

  const update = useCallback(
    (id: string, change: (lesion: Lesion) => Lesion) => {
      commit(current.current.map((l) => (l.id === id ? change(l) : l)));
    },
    [commit],
  );

  /** Draws every ROI the lesion has; false when its source ROI lies outside the open images. */
  const show = useCallback((lesion: Lesion): boolean => {
    const { engine } = ctxRef.current;
    let sourceShown = false;
    for (const [phase, entry] of Object.entries(lesion.rois) as [Phase, PhaseRoi][]) {
      const shown = engine?.showRoi(phase, lesion.id, entry.roi) ?? false;
      if (phase === lesion.sourcePhase) sourceShown = shown;
    }
    return sourceShown;
  }, []);

  /** Carries the source ROI to the other phases at once, then moves each by its alignment. */
  const placeOnOtherPhases = useCallback(
    async (id: string) => {
      const lesion = current.current.find((l) => l.id === id);
      const source = lesion?.rois[lesion.sourcePhase];
      if (lesion === undefined || source === undefined) return;
      const version = (versions.current.get(id) ?? 0) + 1;
      versions.current.set(id, version);
      const { byPhase, sources, engine } = ctxRef.current;
      const sourceSeries = byPhase[lesion.sourcePhase];
      const targets = (Object.entries(byPhase) as [Phase, StudySeries][])
        .filter(([phase]) => phase !== lesion.sourcePhase && !KEEP.has(lesion.rois[phase]?.origin ?? 'carried'))
        .map(([phase, s]) => ({ phase, series: s.series }));
      const carried: Partial<Record<Phase, PhaseRoi>> = { ...lesion.rois };
      for (const t of targets) carried[t.phase] = { roi: source.roi, origin: 'carried' };
      const withCarried = { ...lesion, rois: carried, aligning: sourceSeries !== undefined && targets.length > 0 };
      update(id, () => withCarried);
      for (const t of targets) engine?.showRoi(t.phase, id, source.roi);
      if (sourceSeries === undefined || targets.length === 0) return;
      let alignments: Map<Phase, Alignment | null>;
      try {
        alignments = await alignToPhases(
          { phase: lesion.sourcePhase, series: sourceSeries.series },
          source.roi,
          targets,
          sources,
        );
      } catch (error) {
        // The carried ROIs stay: they are where the lesion is without breathing.
        setErrors([`${id}: the phases could not be aligned (${errorMessage(error)}).`]);
        update(id, (l) => ({ ...l, aligning: false }));
        return;
      }
      if (versions.current.get(id) !== version) return;
      const latest = current.current.find((l) => l.id === id);
      if (latest === undefined) return;
      const rois: Partial<Record<Phase, PhaseRoi>> = { ...latest.rois };
      for (const [phase, alignment] of alignments) {
        if (alignment === null || rois[phase]?.origin !== 'carried') continue;
        const entry = phaseRoiFromAlignment(source.roi, alignment);
        rois[phase] = entry;
        ctxRef.current.engine?.showRoi(phase, id, entry.roi);
      }
      update(id, (l) => ({ ...l, rois, aligning: false }));
    },
    [update],
  );

  const select = useCallback((id: string) => {
    setSelected(id);
    const lesion = current.current.find((l) => l.id === id);
    const { engine } = ctxRef.current;
    if (lesion === undefined || engine === null) return;
    engine.setAnchors(lesionAnchors(lesion));
    const center = lesion.rois[lesion.sourcePhase]?.roi.center;
    if (center !== undefined) void engine.scrollToPoint(lesion.sourcePhase, center);
  }, []);

  const roiDrawn = useCallback(
    (phase: Phase, annotationUid: string, roi: Roi) => {
      const id = nextLesionId(current.current);
      ctxRef.current.engine?.adoptDrawnRoi(annotationUid, phase, id);
      commit([...current.current, { id, sourcePhase: phase, rois: { [phase]: { roi, origin: 'drawn' } } }]);
      setSelected(id);
      void placeOnOtherPhases(id).then(() => {
        select(id);
      });
    },
    [commit, placeOnOtherPhases, select],
  );

  const timers = useRef(new Map<string, number>());
  const scheduleReplace = useCallback(
    (id: string) => {
      window.clearTimeout(timers.current.get(id));
      // Handles fire many times a second while dragging: align once the user pauses.
      timers.current.set(
        id,
        window.setTimeout(() => {
          void placeOnOtherPhases(id);
        }, 300),
      );
    },
    [placeOnOtherPhases],
  );

  const roiEdited = useCallback(
    (phase: Phase, id: string, roi: Roi) => {
      const lesion = current.current.find((l) => l.id === id);
      if (lesion === undefined) return;
      const isSource = phase === lesion.sourcePhase;
      update(id, (l) => ({ ...l, rois: { ...l.rois, [phase]: { roi, origin: isSource ? 'drawn' : 'nudged' } } }));
      if (isSource) scheduleReplace(id);
    },
    [update, scheduleReplace],
  );

  const remove = useCallback(
    (id: string) => {
      const lesion = current.current.find((l) => l.id === id);
      if (lesion === undefined) return;
      for (const phase of Object.keys(lesion.rois) as Phase[]) ctxRef.current.engine?.removeRoi(phase, id);
      versions.current.delete(id);
      commit(current.current.filter((l) => l.id !== id));
    },
    [commit],
  );

  const roiRemoved = useCallback(
    (phase: Phase, id: string) => {
      const lesion = current.current.find((l) => l.id === id);
      if (lesion === undefined) return;
      if (phase === lesion.sourcePhase) remove(id);
      else
        update(id, (l) => ({
          ...l,
          rois: Object.fromEntries(Object.entries(l.rois).filter(([p]) => p !== phase)),
        }));
    },
    [remove, update],
  );

  const setLabel = useCallback(
    (id: string, label: LesionClass | undefined) => {
      update(id, (l) => {
        const unlabelled: Lesion = {
          id: l.id,
          sourcePhase: l.sourcePhase,
          rois: l.rois,
          ...(l.aligning === undefined ? {} : { aligning: l.aligning }),
        };
        return label === undefined ? unlabelled : { ...unlabelled, label };
      });
    },
    [update],
  );

  const loadAnnotations = useCallback(
    async (file: Blob | Promise<Blob>) => {
      try {
        const parsed = parseAnnotations(JSON.parse(await (await file).text()) as unknown);
        const { studyUid } = ctxRef.current;
        if (studyUid !== undefined && parsed.studyInstanceUid !== studyUid) {
          throw new Error(`it belongs to another study (${parsed.studyInstanceUid}, the open one is ${studyUid})`);
        }
        for (const old of current.current) remove(old.id);
        const loaded = fromAnnotations(parsed);
        commit(loaded);
        const outside: string[] = [];
        for (const lesion of loaded) {
          if (!show(lesion)) outside.push(lesion.id);
          await placeOnOtherPhases(lesion.id);
        }
        setErrors(outside.length > 0 ? [`Annotations ${outside.join(', ')} lie outside the open images.`] : []);
        const first = loaded[0];
        if (first !== undefined) select(first.id);
      } catch (error) {
        setErrors([`The annotation file was not loaded: ${errorMessage(error)}`]);
      }
    },
    [commit, placeOnOtherPhases, remove, select, show],
  );

  const exportAnnotations = useCallback((): string | null => {
    const { studyUid } = ctxRef.current;
    if (studyUid === undefined) return null;
    return JSON.stringify(toAnnotations(studyUid, current.current), null, 2);
  }, []);

  // Edits and alignments move the selected lesion: keep scrolling anchored on where it is now.
  useEffect(() => {
    const lesion = lesions.find((l) => l.id === selected);
    ctx.engine?.setAnchors(lesion === undefined ? new Map() : lesionAnchors(lesion));
  }, [lesions, selected, ctx.engine]);

  // A new study (or new stacks for it) starts with no lesions on screen. An effect, not a reset
  // while rendering: it clears the version refs the running alignments check.
  useEffect(() => {
    versions.current.clear();
    // eslint-disable-next-line react-hooks/set-state-in-effect -- see above
    commit([]);
    setSelected(null);
    setErrors([]);
  }, [ctx.studyUid, ctx.byPhase, commit]);

  // Two phases or more: ROIs will be aligned, so have the workers ready before the first one.
  useEffect(() => {
    if (Object.keys(ctx.byPhase).length > 1) warmUpAlignment();
  }, [ctx.byPhase]);

  const roiEvents = useMemo(() => ({ roiDrawn, roiEdited, roiRemoved }), [roiDrawn, roiEdited, roiRemoved]);

  return {
    lesions,
    selected,
    errors,
    roiEvents,
    select,
    remove,
    setLabel,
    loadAnnotations,
    exportAnnotations,
  };
}
