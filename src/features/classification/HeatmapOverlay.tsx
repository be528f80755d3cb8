import { useEffect, useMemo, useRef } from 'react';
import type { Explanation } from '../../core/explain/explain';
import { largestMagnitude } from '../../core/explain/heatmap-image';
import { drawHeatmap, heatmapImage, type HeatmapPlacement } from './heatmap-canvas';

/** Where the patch the model read lies (this phase's ROI on its viewport), and what to draw. */
interface Props extends HeatmapPlacement {
  readonly explanation: Explanation;
  /** Which of the model's input channels this phase is: the map drawn is that phase's own. */
  readonly channel: number;
  readonly opacity: number;
  /** False while the viewport shows another slice than the one through the ROI centre. */
  readonly visible: boolean;
}

/**
 * One phase's explanation drawn over its viewport, on the patch the model read around that
 * phase's ROI; it follows zoom, pan and scrolling (redrawn after each render of the viewport).
 */
export function HeatmapOverlay({
  engine,
  phase,
  roi,
  plane,
  contextMargin,
  explanation,
  channel,
  opacity,
  visible,
}: Props) {
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const image = useMemo(() => heatmapImage(explanation, channel, opacity), [explanation, channel, opacity]);
  const phasePeak = useMemo(
    () => largestMagnitude(explanation.maps[channel] ?? new Float32Array()),
    [explanation, channel],
  );

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
      data-phase={phase}
      data-visible={visible}
      data-phase-peak={phasePeak.toFixed(4)}
      aria-hidden="true"
    />
  );
}
