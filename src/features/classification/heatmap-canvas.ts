/** The explanation as canvas pixels, and drawn onto a viewport's overlay where the patch lies. */
import type { ViewerEngine } from '../../adapters/cornerstone';
import type { Explanation } from '../../core/explain/explain';
import { heatmapRgba, imageToCanvas, patchCorners } from '../../core/explain/heatmap-image';
import type { Phase } from '../../core/labels';
import type { ImagePlane, Roi } from '../../core/roi/roi';

/** One input phase's map at the model's input size, coloured on the explanation's shared scale (heatmap-image.ts). */
export function heatmapImage(explanation: Explanation, channel: number, opacity: number): HTMLCanvasElement {
  const { width, height } = explanation;
  const image = document.createElement('canvas');
  image.width = width;
  image.height = height;
  const map = explanation.maps[channel] ?? new Float32Array(width * height);
  image.getContext('2d')?.putImageData(new ImageData(heatmapRgba(map, opacity, explanation.peak), width, height), 0, 0);
  return image;
}

export interface HeatmapPlacement {
  readonly engine: ViewerEngine;
  readonly phase: Phase;
  /** This phase's ROI and image plane, and the manifest's context margin: where the patch was cut. */
  readonly roi: Roi;
  readonly plane: ImagePlane;
  readonly contextMargin: number;
}

/** Clears `overlay` (sized to its element, device pixels) and, when `visible`, draws `image` over the patch. */
export function drawHeatmap(
  overlay: HTMLCanvasElement,
  image: HTMLCanvasElement,
  { engine, phase, roi, plane, contextMargin }: HeatmapPlacement,
  visible: boolean,
): void {
  const scale = window.devicePixelRatio;
  overlay.width = Math.round(overlay.clientWidth * scale);
  overlay.height = Math.round(overlay.clientHeight * scale);
  const context = overlay.getContext('2d');
  if (context === null) return;
  context.clearRect(0, 0, overlay.width, overlay.height);
  const view = engine.canvasView(phase);
  if (view === null || !visible) return;
  const [tl, tr, bl] = patchCorners(roi, plane, { contextMargin }).map((p) => view.toCanvas(p));
  if (tl === undefined || tr === undefined || bl === undefined) return;
  const [a, b, c, d, e, f] = imageToCanvas([tl, tr, bl], image.width, image.height).map((v) => v * scale);
  context.setTransform(a ?? 0, b ?? 0, c ?? 0, d ?? 0, e ?? 0, f ?? 0);
  context.imageSmoothingEnabled = true;
  context.drawImage(image, 0, 0);
}
