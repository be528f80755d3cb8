import { useEffect, useMemo, useRef } from 'react';
import type { ViewerEngine } from '../../adapters/cornerstone/viewer-engine';
import type { Explanation } from '../../core/explain/explain';
import { heatmapRgba, imageToCanvas, patchCorners } from '../../core/explain/heatmap-image';
import type { Phase } from '../../core/labels';
import type { ImagePlane, Roi } from '../../core/roi/roi';

interface Props {
  readonly engine: ViewerEngine | null;
  readonly phase: Phase;
  readonly explanation: Explanation;
  /** This phase's ROI, whose patch the model read. */
  readonly roi: Roi;
  readonly plane: ImagePlane;
  readonly contextMargin: number;
  readonly opacity: number;
  /** False while the viewport shows another slice than the one through the ROI centre. */
  readonly visible: boolean;
}

/**
 * The explanation drawn over one phase's viewport, on the patch the model read around that
 * phase's ROI; it follows zoom, pan and scrolling (redrawn after each render of the viewport).
 */
export function HeatmapOverlay({ engine, phase, explanation, roi, plane, contextMargin, opacity, visible }: Props) {
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const image = useMemo(() => {
    const { width, height } = explanation;
    const source = document.createElement('canvas');
    source.width = width;
    source.height = height;
    source.getContext('2d')?.putImageData(new ImageData(heatmapRgba(explanation.map, opacity), width, height), 0, 0);
    return source;
  }, [explanation, opacity]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (canvas === null || engine === null) return;
    const draw = () => {
      const view = engine.canvasView(phase);
      const scale = window.devicePixelRatio;
      canvas.width = Math.round(canvas.clientWidth * scale);
      canvas.height = Math.round(canvas.clientHeight * scale);
      const context = canvas.getContext('2d');
      if (context === null) return;
      context.clearRect(0, 0, canvas.width, canvas.height);
      if (view === null || !visible) return;
      const corners = patchCorners(roi, plane, { contextMargin }).map((p) => view.toCanvas(p));
      const [tl, tr, bl] = corners;
      if (tl === undefined || tr === undefined || bl === undefined) return;
      const [a, b, c, d, e, f] = imageToCanvas([tl, tr, bl], image.width, image.height);
      context.setTransform(a * scale, b * scale, c * scale, d * scale, e * scale, f * scale);
      context.imageSmoothingEnabled = true;
      context.drawImage(image, 0, 0);
    };
    draw();
    return engine.onRendered(phase, draw);
  }, [engine, phase, image, roi, plane, contextMargin, visible]);

  return (
    <canvas
      ref={canvasRef}
      className="heatmap-overlay"
      data-testid={`heatmap-${phase}`}
      data-visible={visible}
      data-peak={Math.max(...explanation.map).toFixed(4)}
      aria-hidden="true"
    />
  );
}
