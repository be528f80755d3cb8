/**
 * One stack viewport for a series that is no contrast phase (MR, CR, DX, a screen capture, a CT
 * scout): to look at, never to classify. It has its own rendering engine and tool group with no
 * ROI tools, so nothing drawn here can become a lesion, and it keeps the window the file gives
 * (Cornerstone reads WindowCenter/Width, else the pixel range).
 */
import { Enums, RenderingEngine, type Types } from '@cornerstonejs/core';
import {
  Enums as ToolEnums,
  PanTool,
  StackScrollTool,
  ToolGroupManager,
  WindowLevelTool,
  ZoomTool,
} from '@cornerstonejs/tools';
import { fileWindowFromRange, type DisplayWindow } from '../../core/viewer/window';
import { initCornerstone } from './init';
import { describeLoadError } from './load-error';

const ENGINE_ID = 'series-viewer';
const VIEWPORT_ID = 'series-viewer-stack';
const TOOL_GROUP_ID = 'series-viewer-tools';

export interface SeriesViewState {
  readonly index: number;
  readonly count: number;
  readonly window: DisplayWindow | undefined;
}

export class SeriesViewer {
  private readonly engine = new RenderingEngine(ENGINE_ID);
  private readonly detach: (() => void)[] = [];

  private constructor(
    element: HTMLDivElement,
    private readonly onChange: (state: SeriesViewState) => void,
  ) {
    this.engine.enableElement({
      viewportId: VIEWPORT_ID,
      type: Enums.ViewportType.STACK,
      element,
      defaultOptions: { background: [0, 0, 0] as Types.Point3 },
    });
    const group = ToolGroupManager.createToolGroup(TOOL_GROUP_ID);
    if (group === undefined) throw new Error('could not create the series viewer tool group');
    for (const tool of [WindowLevelTool, PanTool, ZoomTool, StackScrollTool]) group.addTool(String(tool.toolName));
    group.setToolActive(String(WindowLevelTool.toolName), {
      bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary }],
    });
    group.setToolActive(String(PanTool.toolName), { bindings: [{ mouseButton: ToolEnums.MouseBindings.Auxiliary }] });
    group.setToolActive(String(ZoomTool.toolName), { bindings: [{ mouseButton: ToolEnums.MouseBindings.Secondary }] });
    group.setToolActive(String(StackScrollTool.toolName), {
      bindings: [{ mouseButton: ToolEnums.MouseBindings.Wheel }],
    });
    group.addViewport(VIEWPORT_ID, ENGINE_ID);
    const report = (): void => {
      this.report();
    };
    for (const type of [Enums.Events.STACK_NEW_IMAGE, Enums.Events.VOI_MODIFIED]) {
      element.addEventListener(type, report);
      this.detach.push(() => {
        element.removeEventListener(type, report);
      });
    }
  }

  static async create(element: HTMLDivElement, onChange: (state: SeriesViewState) => void): Promise<SeriesViewer> {
    await initCornerstone();
    return new SeriesViewer(element, onChange);
  }

  /** Shows the images (one id per image, in order), starting in the middle; rejects with a readable message. */
  async show(imageIds: readonly string[]): Promise<void> {
    const viewport = this.viewport();
    if (viewport === undefined) return;
    try {
      await viewport.setStack([...imageIds], Math.floor(imageIds.length / 2));
      viewport.render();
    } catch (error) {
      throw new Error(describeLoadError(error), { cause: error });
    }
    this.report();
  }

  destroy(): void {
    for (const off of this.detach) off();
    ToolGroupManager.destroyToolGroup(TOOL_GROUP_ID);
    this.engine.destroy();
  }

  private report(): void {
    const viewport = this.viewport();
    if (viewport === undefined) return;
    const range = viewport.getProperties().voiRange;
    this.onChange({
      index: viewport.getCurrentImageIdIndex(),
      count: viewport.getImageIds().length,
      window: range === undefined ? undefined : fileWindowFromRange(range),
    });
  }

  private viewport(): Types.IStackViewport | undefined {
    return this.engine.getViewport<Types.IStackViewport | undefined>(VIEWPORT_ID);
  }
}
