import { describe, expect, it } from 'vitest';
import { canvasPx } from '../geometry';
import { keyImageFrame } from './key-image-frame';

describe('key image frame', () => {
  it('cuts three radii either side of the ROI and centres the ROI in the output', () => {
    const frame = keyImageFrame(
      canvasPx(100, 80),
      [canvasPx(100, 70), canvasPx(100, 90), canvasPx(80, 80), canvasPx(120, 80)],
      300,
    );
    // rx 20, ry 10: half-side 60 px, so 300 / 120 = 2.5 output px per canvas px.
    expect(frame.source).toEqual({ x: 40, y: 20, side: 120 });
    expect(frame.roi).toEqual({ cx: 150, cy: 150, rx: 50, ry: 25 });
  });

  it('keeps a minimum frame around a tiny ROI', () => {
    const frame = keyImageFrame(
      canvasPx(50, 50),
      [canvasPx(50, 49), canvasPx(50, 51), canvasPx(49, 50), canvasPx(51, 50)],
      96,
    );
    expect(frame.source.side).toBe(48);
    expect(frame.roi.rx).toBe(2);
  });
});
