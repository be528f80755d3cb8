import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import {
  ViewerEngine,
  type CursorReadout,
  type PhaseStack,
  type PrimaryTool,
  type RoiListener,
  type ViewerListener,
} from '../../adapters/cornerstone';
import type { Phase } from '../../core/labels';
import { DEFAULT_WINDOW, type DisplayWindow } from '../../core/viewer/window';

type SliceState = Partial<Record<Phase, { index: number; count: number; positionMm: number | undefined }>>;
export type ViewState = Partial<Record<Phase, { halfHeightMm: number; center: readonly number[] }>>;

/** The Cornerstone viewports of the shown phases, and what the page shows about them. */
/** `roiEvents`: where what the user does to ROIs on the viewports goes. */
export function useViewer(stacks: readonly PhaseStack[], roiEvents: RoiListener) {
  const [engine, setEngine] = useState<ViewerEngine | null>(null);
  const [slices, setSlices] = useState<SliceState>({});
  const [cursor, setCursor] = useState<CursorReadout | null>(null);
  const [views, setViews] = useState<ViewState>({});
  const [window, setWindowState] = useState<DisplayWindow>(DEFAULT_WINDOW);
  const [tool, setToolState] = useState<PrimaryTool>('windowLevel');
  const [errors, setErrors] = useState<readonly string[]>([]);
  const [ready, setReady] = useState(false);
  const [pointerHeld, setPointerHeld] = useState(false);
  const elements = useRef(new Map<Phase, HTMLDivElement>());
  const events = useRef(roiEvents);
  const stacksRef = useRef(stacks);
  // The engine's listeners read the latest of both; layout effects run before the effect below
  // shows new stacks, whose first slice events need them.
  useLayoutEffect(() => {
    events.current = roiEvents;
    stacksRef.current = stacks;
  });

  useEffect(() => {
    let disposed = false;
    let created: ViewerEngine | null = null;
    const listener: ViewerListener = {
      sliceChanged: (phase, index) => {
        const stack = stacksRef.current.find((s) => s.phase === phase);
        setSlices((prev) => ({
          ...prev,
          [phase]: { index, count: stack?.imageIds.length ?? 0, positionMm: stack?.positions[index] },
        }));
      },
      roiDrawn: (phase, roi) => {
        events.current.roiDrawn(phase, roi);
      },
      roiEdited: (phase, id, roi, final) => {
        events.current.roiEdited(phase, id, roi, final);
      },
      roiRemoved: (phase, id) => {
        events.current.roiRemoved(phase, id);
      },
      windowChanged: setWindowState,
      cursor: setCursor,
      pointerHeld: setPointerHeld,
      viewChanged: (phase, view) => {
        setViews((prev) => ({ ...prev, [phase]: view }));
      },
      loadFailed: (phase, message) => {
        setErrors((prev) => [...prev, `${phase}: the images could not be shown (${message}).`]);
      },
    };
    ViewerEngine.create(listener).then(
      (e) => {
        if (disposed) e.destroy();
        else {
          created = e;
          setEngine(e);
        }
      },
      (error: unknown) => {
        setErrors([`The viewer could not start: ${String(error)}`]);
      },
    );
    return () => {
      disposed = true;
      created?.destroy();
    };
  }, []);

  // New stacks (or the engine, once up) start unshown: reset while rendering, not after it.
  const [shownFor, setShownFor] = useState({ engine, stacks });
  if (shownFor.engine !== engine || shownFor.stacks !== stacks) {
    setShownFor({ engine, stacks });
    if (engine !== null) {
      setReady(false);
      setErrors([]);
      setSlices({});
    }
  }

  useEffect(() => {
    if (engine === null) return;
    let current = true;
    const shown = new Map([...elements.current].filter(([phase]) => stacks.some((s) => s.phase === phase)));
    void engine.show(shown, stacks, DEFAULT_WINDOW).then(() => {
      if (current) {
        setWindowState(DEFAULT_WINDOW);
        setReady(true);
      }
    });
    return () => {
      current = false;
    };
  }, [engine, stacks]);

  const register = useCallback((phase: Phase, element: HTMLDivElement | null) => {
    if (element === null) elements.current.delete(phase);
    else elements.current.set(phase, element);
  }, []);

  const setWindow = useCallback(
    (w: DisplayWindow) => {
      setWindowState(w);
      engine?.setWindow(w);
    },
    [engine],
  );

  const setTool = useCallback(
    (t: PrimaryTool) => {
      setToolState(t);
      engine?.setPrimaryTool(t);
    },
    [engine],
  );

  return { engine, ready, slices, views, cursor, window, tool, errors, pointerHeld, register, setWindow, setTool };
}
