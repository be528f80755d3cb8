/**
 * Starts Cornerstone3D once per page: core, tools and the DICOM image loader (local files via
 * its file manager; decoding in web workers).
 */
import { init as initCore } from '@cornerstonejs/core';
import { init as initLoader, wadouri } from '@cornerstonejs/dicom-image-loader';
import {
  EllipticalROITool,
  PanTool,
  RectangleROITool,
  StackScrollTool,
  WindowLevelTool,
  ZoomTool,
  addTool,
  init as initTools,
} from '@cornerstonejs/tools';

let started: Promise<void> | undefined;

export function initCornerstone(): Promise<void> {
  started ??= start();
  return started;
}

async function start(): Promise<void> {
  initCore();
  // Two cores are common on the laptops this runs on: one decoding worker leaves the page responsive.
  initLoader({ maxWebWorkers: Math.max(1, Math.min(2, (navigator.hardwareConcurrency || 2) - 1)) });
  initTools();
  for (const tool of [WindowLevelTool, PanTool, ZoomTool, StackScrollTool, EllipticalROITool, RectangleROITool]) {
    addTool(tool);
  }
  await Promise.resolve();
}

/** Registers a local file with the loader; the returned image id reads it without any upload. */
export function imageIdForFile(file: Blob): string {
  return wadouri.fileManager.add(file);
}

/**
 * The image id of one frame (from 0) of a multi-frame file registered as `fileImageId`. The
 * loader reads each frame's geometry and rescale from the functional groups itself
 * (e2e/multi-frame.spec.ts checks the picture against the same study stored one file per slice).
 */
export function imageIdForFrame(fileImageId: string, frame: number): string {
  return `${fileImageId}?frame=${String(frame + 1)}`;
}
