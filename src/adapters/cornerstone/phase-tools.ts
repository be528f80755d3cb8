/**
 * The phases' tool group: window/level, pan, zoom and the wheel on fixed buttons, the two ROI
 * shapes, and which tool the left button drives.
 */
import {
  EllipticalROITool,
  Enums as ToolEnums,
  PanTool,
  RectangleROITool,
  StackScrollTool,
  ToolGroupManager,
  WindowLevelTool,
  ZoomTool,
  type Types as ToolTypes,
} from '@cornerstonejs/tools';
import type { RoiShape } from '../../core/roi/roi';

export type PrimaryTool = 'windowLevel' | 'ellipse' | 'rectangle';

/** Cornerstone types its tools' static names as `any`. */
const nameOf = (tool: { toolName: unknown }): string => String(tool.toolName);

const TOOL_NAMES: Record<PrimaryTool, string> = {
  windowLevel: nameOf(WindowLevelTool),
  ellipse: nameOf(EllipticalROITool),
  rectangle: nameOf(RectangleROITool),
};
export const SHAPE_TOOL: Record<RoiShape, string> = {
  ellipse: nameOf(EllipticalROITool),
  rectangle: nameOf(RectangleROITool),
};

/** The ROI shape a tool draws; undefined for the other tools. */
export function shapeOfTool(toolName: string | undefined): RoiShape | undefined {
  return toolName === SHAPE_TOOL.ellipse ? 'ellipse' : toolName === SHAPE_TOOL.rectangle ? 'rectangle' : undefined;
}

/**
 * The ROI's text box says what the app set as the annotation's label (the lesion's id and
 * answer), in place of Cornerstone's area/mean/SD lines; the row shows the size.
 */
const labelLines = (data: ToolTypes.Annotation['data']): string[] =>
  typeof data.label === 'string' && data.label !== '' ? [data.label] : [];

export function createPhaseToolGroup(id: string): void {
  const group = ToolGroupManager.createToolGroup(id);
  if (group === undefined) throw new Error('could not create the viewer tool group');
  for (const name of [nameOf(WindowLevelTool), nameOf(PanTool), nameOf(ZoomTool), nameOf(StackScrollTool)]) {
    group.addTool(name);
  }
  for (const name of Object.values(SHAPE_TOOL)) group.addTool(name, { getTextLines: labelLines });
  group.setToolActive(nameOf(PanTool), { bindings: [{ mouseButton: ToolEnums.MouseBindings.Auxiliary }] });
  group.setToolActive(nameOf(ZoomTool), { bindings: [{ mouseButton: ToolEnums.MouseBindings.Secondary }] });
  group.setToolActive(nameOf(StackScrollTool), { bindings: [{ mouseButton: ToolEnums.MouseBindings.Wheel }] });
}

/** The left button drives `tool`; the other primary tools go passive (their ROIs stay editable). */
export function setPrimaryToolOf(groupId: string, tool: PrimaryTool): void {
  const group = ToolGroupManager.getToolGroup(groupId);
  if (group === undefined) return;
  for (const [key, name] of Object.entries(TOOL_NAMES)) {
    if (key !== tool) group.setToolPassive(name);
  }
  group.setToolActive(TOOL_NAMES[tool], { bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary }] });
}
