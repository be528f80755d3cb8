/**
 * A phase's viewport as the report shows it: the region around the ROI, as rendered (window,
 * zoom), with the ROI outline and, when shown, the explanation overlay drawn on top.
 */
import type { FindingImage } from '../../adapters/report';
import type { ViewerEngine } from '../../adapters/cornerstone';
import type { Phase } from '../../core/labels';
import { handlesFromRoi, type ImagePlane, type Roi } from '../../core/roi/roi';
import { patientMm } from '../../core/geometry';
import { keyImageFrame } from '../../core/report/key-image-frame';

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
  const [a, b, c, d] = handlesFromRoi({ ...roi, shape: 'ellipse' }, plane).map((p) =>
    view.toCanvas(patientMm(p[0], p[1], p[2])),
  );
  if (a === undefined || b === undefined || c === undefined || d === undefined) return null;
  const { source, roi: outline } = keyImageFrame(view.toCanvas(roi.center), [a, b, c, d], SIZE);
  const output = document.createElement('canvas');
  output.width = SIZE;
  output.height = SIZE;
  const context = output.getContext('2d');
  if (context === null) return null;
  context.fillStyle = '#000';
  context.fillRect(0, 0, SIZE, SIZE);
  for (const layer of overlay === null ? [canvas] : [canvas, overlay]) {
    const s = layer.width / Math.max(1, layer.clientWidth);
    context.drawImage(layer, source.x * s, source.y * s, source.side * s, source.side * s, 0, 0, SIZE, SIZE);
  }
  const { cx, cy, rx, ry } = outline;
  context.strokeStyle = '#ffd400';
  context.lineWidth = 2;
  context.beginPath();
  if (roi.shape === 'ellipse') context.ellipse(cx, cy, rx, ry, 0, 0, 2 * Math.PI);
  else context.rect(cx - rx, cy - ry, 2 * rx, 2 * ry);
  context.stroke();
  const blob = await new Promise<Blob | null>((resolve) => {
    output.toBlob(resolve, 'image/png');
  });
  if (blob === null) return null;
  return { phase, png: new Uint8Array(await blob.arrayBuffer()), width: SIZE, height: SIZE };
}
