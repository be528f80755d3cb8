/**
 * A phase's viewport as the report shows it: the region around the ROI, as rendered (window,
 * zoom), with the ROI outline and, when shown, the explanation overlay drawn on top.
 */
import type { FindingImage } from '../../adapters/report/finding-pdf';
import type { ViewerEngine } from '../../adapters/cornerstone/viewer-engine';
import type { Phase } from '../../core/labels';
import { handlesFromRoi, type ImagePlane, type Roi } from '../../core/roi/roi';
import { patientMm } from '../../core/geometry';

const SIZE = 320;

/** Resolves after `phase`'s next render, or after `ms` if none comes (nothing to redraw). */
export function nextRender(engine: ViewerEngine, phase: Phase, ms = 2000): Promise<void> {
  return new Promise((resolve) => {
    const stop = engine.onRendered(phase, () => {
      stop();
      clearTimeout(timer);
      resolve();
    });
    const timer = setTimeout(() => {
      stop();
      resolve();
    }, ms);
  });
}

export async function phaseScreenshot(
  engine: ViewerEngine,
  phase: Phase,
  roi: Roi,
  plane: ImagePlane,
  overlay: HTMLCanvasElement | null,
): Promise<FindingImage | null> {
  const view = engine.canvasView(phase);
  if (view === null || view.canvas.clientWidth === 0) return null;
  const { canvas } = view;
  const [top, bottom, left, right] = handlesFromRoi({ ...roi, shape: 'ellipse' }, plane).map((p) =>
    view.toCanvas(patientMm(p[0], p[1], p[2])),
  );
  const centre = view.toCanvas(roi.center);
  if (top === undefined || bottom === undefined || left === undefined || right === undefined) return null;
  const rx = Math.hypot(right[0] - left[0], right[1] - left[1]) / 2;
  const ry = Math.hypot(bottom[0] - top[0], bottom[1] - top[1]) / 2;
  // Three radii of context either side, as a clinician would frame a key image.
  const half = Math.max(24, 3 * Math.max(rx, ry));
  const output = document.createElement('canvas');
  output.width = SIZE;
  output.height = SIZE;
  const context = output.getContext('2d');
  if (context === null) return null;
  context.fillStyle = '#000';
  context.fillRect(0, 0, SIZE, SIZE);
  const [sx, sy] = [centre[0] - half, centre[1] - half];
  const layers = overlay === null ? [canvas] : [canvas, overlay];
  for (const layer of layers) {
    const s = layer.width / Math.max(1, layer.clientWidth);
    context.drawImage(layer, sx * s, sy * s, 2 * half * s, 2 * half * s, 0, 0, SIZE, SIZE);
  }
  const k = SIZE / (2 * half);
  context.strokeStyle = '#ffd400';
  context.lineWidth = 2;
  context.beginPath();
  if (roi.shape === 'ellipse')
    context.ellipse((centre[0] - sx) * k, (centre[1] - sy) * k, rx * k, ry * k, 0, 0, 2 * Math.PI);
  else context.rect((centre[0] - sx - rx) * k, (centre[1] - sy - ry) * k, 2 * rx * k, 2 * ry * k);
  context.stroke();
  const blob = await new Promise<Blob | null>((resolve) => {
    output.toBlob(resolve, 'image/png');
  });
  if (blob === null) return null;
  return { phase, png: new Uint8Array(await blob.arrayBuffer()), width: SIZE, height: SIZE };
}
