/**
 * The phases' stack viewports behind a small interface: stacks, window, tools, slice and
 * zoom/pan synchronisation, ROI annotations per phase, and the HU under the cursor. Everything
 * about where things are (slices, ROIs, offsets) is decided by src/core; this file only moves
 * it in and out of Cornerstone.
 */
import { Enums, RenderingEngine, eventTarget, type Types } from '@cornerstonejs/core';
import { ToolGroupManager, synchronizers } from '@cornerstonejs/tools';
import { canvasPx, patientMm, type CanvasPx, type PatientMm } from '../../core/geometry';
import type { Phase } from '../../core/labels';
import type { RoiLabel } from '../../core/model/roi-label';
import type { Lesion } from '../../core/roi/lesion';
import type { Roi } from '../../core/roi/roi';
import { sliceForPoint } from '../../core/viewer/slice-position';
import { windowFromRange, windowRange, type DisplayWindow } from '../../core/viewer/window';
import { readCursor, type CursorReadout } from './cursor-readout';
import { initCornerstone } from './init';
import { ListenerSet } from './listener-set';
import { describeLoadError } from './load-error';
import { SHAPE_TOOL, createPhaseToolGroup, setPrimaryToolOf, type PrimaryTool } from './phase-tools';
import { ANNOTATION_EVENTS } from './roi-annotations';
import { RoiLayer, type RoiListener } from './roi-layer';
import { catchUp, syncSlices, type PhaseStack, type SyncedPhases } from './slice-sync';

export type { CursorReadout } from './cursor-readout';
export type { PrimaryTool } from './phase-tools';
export type { PhaseStack } from './slice-sync';
export type { RoiListener } from './roi-layer';

export interface ViewerListener extends RoiListener {
  sliceChanged(phase: Phase, index: number): void;
  windowChanged(window: DisplayWindow): void;
  cursor(readout: CursorReadout | null): void;
  /** Zoom and pan of a phase: mm of patient per half viewport height, and the view centre. */
  viewChanged(phase: Phase, view: { halfHeightMm: number; center: PatientMm }): void;
  loadFailed(phase: Phase, message: string): void;
  /** A button went down on a viewport (true), and was released anywhere (false). */
  pointerHeld(held: boolean): void;
}

const ENGINE_ID = 'liver-viewer';
const TOOL_GROUP_ID = 'phases';
const viewportId = (phase: Phase): string => `viewport-${phase}`;

export class ViewerEngine {
  private readonly engine: RenderingEngine;
  private stacks = new Map<Phase, PhaseStack>();
  private elements = new Map<Phase, HTMLDivElement>();
  private anchors = new Map<Phase, PatientMm>();
  /** The viewport the user last touched: only it drives the others, so syncing cannot ping-pong. */
  private leader: Phase | undefined;
  private primaryTool: PrimaryTool = 'windowLevel';
  private readonly rois: RoiLayer;
  private readonly detach: (() => void)[] = [];
  /** The viewports' own listeners: replaced with the viewports, so each show() leaves one set. */
  private readonly viewportListeners = new ListenerSet();
  private readonly syncers: ReturnType<typeof synchronizers.createVOISynchronizer>[] = [];
  /** What scrolling in step reads: the live stacks, anchors and viewports. */
  private readonly synced: SyncedPhases = {
    stacks: () => this.stacks,
    anchors: () => this.anchors,
    viewport: (phase) => this.viewport(phase),
    loadFailed: (phase, error) => {
      this.listener.loadFailed(phase, describeLoadError(error));
    },
  };

  private constructor(private readonly listener: ViewerListener) {
    this.engine = new RenderingEngine(ENGINE_ID);
    createPhaseToolGroup(TOOL_GROUP_ID);
    this.setPrimaryTool('windowLevel');
    this.syncers.push(
      synchronizers.createVOISynchronizer('voi-sync', { syncInvertState: false, syncColormap: false }),
      synchronizers.createZoomPanSynchronizer('zoom-pan-sync'),
    );
    this.rois = new RoiLayer(
      listener,
      () => this.stacks,
      viewportId,
      () => {
        this.engine.render();
      },
    );
    const onAnnotation = (event: Event): void => {
      this.rois.handleAnnotationEvent(event);
    };
    // Released anywhere, even outside the viewport the drag started on.
    const onRelease = (): void => {
      this.rois.release();
      listener.pointerHeld(false);
    };
    for (const type of ANNOTATION_EVENTS) eventTarget.addEventListener(type, onAnnotation);
    window.addEventListener('pointerup', onRelease, { capture: true });
    window.addEventListener('pointercancel', onRelease, { capture: true });
    this.detach.push(() => {
      for (const type of ANNOTATION_EVENTS) eventTarget.removeEventListener(type, onAnnotation);
      window.removeEventListener('pointerup', onRelease, { capture: true });
      window.removeEventListener('pointercancel', onRelease, { capture: true });
    });
  }

  static async create(listener: ViewerListener): Promise<ViewerEngine> {
    await initCornerstone();
    return new ViewerEngine(listener);
  }

  /** Shows each phase's stack in its element; phases absent from `stacks` are disabled. */
  async show(
    elements: ReadonlyMap<Phase, HTMLDivElement>,
    stacks: readonly PhaseStack[],
    window: DisplayWindow,
  ): Promise<void> {
    this.clearViewports();
    this.stacks = new Map(stacks.map((s) => [s.phase, s]));
    this.elements = new Map([...elements].filter(([phase]) => this.stacks.has(phase)));
    this.anchors.clear();
    this.engine.setViewports(
      [...this.elements].map(([phase, element]) => ({
        viewportId: viewportId(phase),
        type: Enums.ViewportType.STACK,
        element,
        defaultOptions: { background: [0, 0, 0] as Types.Point3 },
      })),
    );
    const group = ToolGroupManager.getToolGroup(TOOL_GROUP_ID);
    for (const [phase, element] of this.elements) {
      group?.addViewport(viewportId(phase), ENGINE_ID);
      for (const sync of this.syncers) sync.add({ renderingEngineId: ENGINE_ID, viewportId: viewportId(phase) });
      this.listen(phase, element);
    }
    await Promise.all(
      [...this.elements.keys()].map(async (phase) => {
        const stack = this.stacks.get(phase);
        const viewport = this.viewport(phase);
        if (stack === undefined || viewport === undefined) return;
        try {
          await viewport.setStack([...stack.imageIds], Math.floor(stack.imageIds.length / 2));
          viewport.setProperties({ voiRange: windowRange(window) });
          viewport.render();
        } catch (error) {
          this.listener.loadFailed(phase, describeLoadError(error));
        }
      }),
    );
    const first = [...this.stacks.keys()][0];
    if (first !== undefined) {
      const viewport = this.viewport(first);
      if (viewport !== undefined) syncSlices(this.synced, first, viewport.getCurrentImageIdIndex());
    }
  }

  setWindow(window: DisplayWindow): void {
    for (const phase of this.elements.keys()) {
      const viewport = this.viewport(phase);
      viewport?.setProperties({ voiRange: windowRange(window) });
      viewport?.render();
    }
  }

  setPrimaryTool(tool: PrimaryTool): void {
    this.primaryTool = tool;
    setPrimaryToolOf(TOOL_GROUP_ID, tool);
  }

  /**
   * Where the selected lesion is on each phase: scrolling stays relative to it (breathing). The
   * other phases follow new anchors at once (a phase aligned late, DL, moves to its lesion), while
   * the phase the reader scrolled last stays where it is.
   */
  setAnchors(anchors: ReadonlyMap<Phase, PatientMm>): void {
    this.anchors = new Map(anchors);
    const leader = this.leader;
    const viewport = leader === undefined ? undefined : this.viewport(leader);
    if (leader !== undefined && viewport !== undefined)
      syncSlices(this.synced, leader, viewport.getCurrentImageIdIndex());
  }

  async scrollTo(phase: Phase, index: number): Promise<void> {
    this.leader = phase;
    const viewport = this.viewport(phase);
    if (viewport === undefined) return;
    if (viewport.getCurrentImageIdIndex() === index) syncSlices(this.synced, phase, index);
    else await viewport.setImageIdIndex(index);
  }

  /** Scrolls `phase` to the slice through `point` (the others follow); false when it is outside. */
  async scrollToPoint(phase: Phase, point: PatientMm): Promise<boolean> {
    const stack = this.stacks.get(phase);
    const index = stack === undefined ? -1 : sliceForPoint(stack.series, stack.positions, point);
    if (index < 0) return false;
    await this.scrollTo(phase, index);
    return true;
  }

  /** Shows the lesions' ROIs as they are in the lesion state (only what changed is redrawn). */
  setLesions(lesions: readonly Lesion[]): void {
    this.rois.setLesions(lesions);
  }

  /** Whether `roi` lies on one of `phase`'s slices. */
  roiOnImages(phase: Phase, roi: Roi): boolean {
    return this.rois.onImages(phase, roi);
  }

  /** What each lesion's ROIs say on the image, and which one is selected. */
  setRoiLabels(labels: ReadonlyMap<string, RoiLabel>): void {
    this.rois.setLabels(labels);
  }

  /**
   * Where a patient point falls on `phase`'s canvas (CSS px from its top-left), and that canvas:
   * what overlays and screenshots are drawn from. Null when the phase has no viewport.
   */
  canvasView(phase: Phase): { canvas: HTMLCanvasElement; toCanvas: (point: PatientMm) => CanvasPx } | null {
    const viewport = this.viewport(phase);
    if (viewport === undefined) return null;
    return {
      canvas: viewport.canvas,
      toCanvas: (point) => {
        const [x, y] = viewport.worldToCanvas([point[0], point[1], point[2]]);
        return canvasPx(x, y);
      },
    };
  }

  /** Calls `redraw` after every render of `phase` (scroll, zoom, pan, window): overlays follow. */
  onRendered(phase: Phase, redraw: () => void): () => void {
    const element = this.elements.get(phase);
    if (element === undefined) return () => undefined;
    element.addEventListener(Enums.Events.IMAGE_RENDERED, redraw);
    return () => {
      element.removeEventListener(Enums.Events.IMAGE_RENDERED, redraw);
    };
  }

  destroy(): void {
    this.clearViewports();
    for (const off of this.detach) off();
    for (const sync of this.syncers) sync.destroy();
    ToolGroupManager.destroyToolGroup(TOOL_GROUP_ID);
    this.engine.destroy();
  }

  private viewport(phase: Phase): Types.IStackViewport | undefined {
    return this.engine.getViewport<Types.IStackViewport | undefined>(viewportId(phase));
  }

  private clearViewports(): void {
    this.viewportListeners.clear();
    for (const [phase] of this.elements) {
      for (const sync of this.syncers) sync.remove({ renderingEngineId: ENGINE_ID, viewportId: viewportId(phase) });
      this.engine.disableElement(viewportId(phase));
    }
    this.rois.clear();
    this.elements.clear();
  }

  private listen(phase: Phase, element: HTMLDivElement): void {
    const lead = (): void => {
      this.leader = phase;
    };
    const press = (): void => {
      this.leader = phase;
      this.rois.press();
      this.listener.pointerHeld(true);
    };
    const onNewImage = (event: Event): void => {
      const index = (event as CustomEvent<{ imageIdIndex: number }>).detail.imageIdIndex;
      this.listener.sliceChanged(phase, index);
      if (this.leader === phase) syncSlices(this.synced, phase, index);
      else catchUp(this.synced, () => this.leader, phase);
    };
    const onCamera = (event: Event): void => {
      const camera = (event as CustomEvent<{ camera: Types.ICamera }>).detail.camera;
      const focal = camera.focalPoint;
      if (camera.parallelScale === undefined || focal === undefined) return;
      this.listener.viewChanged(phase, {
        halfHeightMm: camera.parallelScale,
        center: patientMm(focal[0], focal[1], focal[2]),
      });
    };
    const onVoi = (event: Event): void => {
      const range = (event as CustomEvent<{ range: { lower: number; upper: number } }>).detail.range;
      if (this.leader === phase) this.listener.windowChanged(windowFromRange(range));
    };
    // The pointer's last place over this viewport: the readout must follow the slice under a
    // still mouse as the wheel scrolls.
    let pointer: { clientX: number; clientY: number } | null = null;
    const onMove = (event: MouseEvent): void => {
      pointer = { clientX: event.clientX, clientY: event.clientY };
      this.listener.cursor(this.readout(phase, element, pointer));
    };
    const onRendered = (): void => {
      if (pointer !== null) this.listener.cursor(this.readout(phase, element, pointer));
    };
    const onLeave = (): void => {
      pointer = null;
      this.listener.cursor(null);
    };
    // Cornerstone lets a passive annotation tool take a press of any button on an ROI's outline:
    // a pan (middle) or zoom (right) drag that starts there would move the ROI. Until that button
    // is released, ROIs are drawn but not grabbed.
    const onPress = (event: Event): void => {
      if ((event as MouseEvent).button === 0) return;
      const group = ToolGroupManager.getToolGroup(TOOL_GROUP_ID);
      if (group === undefined) return;
      for (const name of Object.values(SHAPE_TOOL)) group.setToolEnabled(name);
      window.addEventListener(
        'mouseup',
        () => {
          this.setPrimaryTool(this.primaryTool);
        },
        { once: true, capture: true },
      );
    };
    const handlers: [string, (event: Event) => void, AddEventListenerOptions?][] = [
      ['wheel', lead, { capture: true, passive: true }],
      ['pointerdown', press, { capture: true }],
      ['mousedown', onPress, { capture: true }],
      ['keydown', lead, { capture: true }],
      [Enums.Events.STACK_NEW_IMAGE, onNewImage],
      [Enums.Events.VOI_MODIFIED, onVoi],
      [Enums.Events.CAMERA_MODIFIED, onCamera],
      ['mousemove', onMove as (event: Event) => void],
      [Enums.Events.IMAGE_RENDERED, onRendered],
      ['mouseleave', onLeave],
    ];
    for (const [type, handler, options] of handlers) this.viewportListeners.add(element, type, handler, options);
  }

  private readout(
    phase: Phase,
    element: HTMLDivElement,
    pointer: { clientX: number; clientY: number },
  ): CursorReadout | null {
    const viewport = this.viewport(phase);
    const stack = this.stacks.get(phase);
    return viewport === undefined || stack === undefined ? null : readCursor(phase, viewport, stack, element, pointer);
  }
}
