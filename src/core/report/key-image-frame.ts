/**
 * How a report frames a phase around its ROI: a square of three ROI radii either side of the ROI
 * centre (at least `minHalf` canvas px), cut from the viewport as shown and scaled to `size`, the
 * ROI centred in it. From the ROI's centre and axis end points on the canvas.
 */
import type { CanvasPx } from '../geometry';

export interface KeyImageFrame {
  /** The square cut from the canvas, CSS px. */
  readonly source: { readonly x: number; readonly y: number; readonly side: number };
  /** The ROI in the output image's pixels: centre and semi-axes along x and y. */
  readonly roi: { readonly cx: number; readonly cy: number; readonly rx: number; readonly ry: number };
}

export function keyImageFrame(
  centre: CanvasPx,
  /** End points of the ROI's vertical axis, then of its horizontal axis. */
  axes: readonly [CanvasPx, CanvasPx, CanvasPx, CanvasPx],
  size: number,
  minHalf = 24,
): KeyImageFrame {
  const [top, bottom, left, right] = axes;
  const rx = Math.hypot(right[0] - left[0], right[1] - left[1]) / 2;
  const ry = Math.hypot(bottom[0] - top[0], bottom[1] - top[1]) / 2;
  const half = Math.max(minHalf, 3 * Math.max(rx, ry));
  const scale = size / (2 * half);
  return {
    source: { x: centre[0] - half, y: centre[1] - half, side: 2 * half },
    roi: { cx: size / 2, cy: size / 2, rx: rx * scale, ry: ry * scale },
  };
}
