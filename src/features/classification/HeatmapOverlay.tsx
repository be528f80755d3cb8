import { useEffect, useMemo, useRef } from 'react';
import type { Explanation } from '../../core/explain/explain';
import { drawHeatmap, heatmapImage, type HeatmapPlacement } from './heatmap-canvas';

/** Where the patch the model read lies (this phase's ROI on its viewport), and what to draw. */
interface Props extends HeatmapPlacement {
  readonly explanation: Explanation;
  readonly opacity: number;
  /** False while the viewport shows another slice than the one through the ROI centre. */
  readonly visible: boolean;
}

/**
 * The explanation drawn over one phase's viewport, on the patch the model read around that
 * phase's ROI; it follows zoom, pan and scrolling (redrawn after each render of the viewport).
 */
export function HeatmapOverlay({ engine, phase, roi, plane, contextMargin, explanation, opacity, visible }: Props) {
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const image = useMemo(() => heatmapImage(explanation, opacity), [explanation, opacity]);

  useEffect(() => {
    const overlay = canvasRef.current;
    if (overlay === null) return;
    const draw = () => {
      drawHeatmap(overlay, image, { engine, phase, roi, plane, contextMargin }, visible);
    };
    draw();
    return engine.onRendered(phase, draw);
  }, [image, engine, phase, roi, plane, contextMargin, visible]);

  return (
    <canvas
      ref={canvasRef}
      className="heatmap-overlay"
      data-testid={`heatmap-${phase}`}
      data-visible={visible}
      aria-hidden="true"
    />
  );
}
