import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WINDOW,
  WINDOW_PRESETS,
  fileWindowFromRange,
  windowedRgba,
  parseWindow,
  windowFromRange,
  windowRange,
} from './window';

describe('display windows', () => {
  it('opens on the liver window, W150/L90, i.e. HU 15 to 165', () => {
    expect(DEFAULT_WINDOW).toEqual({ width: 150, center: 90 });
    expect(windowRange(DEFAULT_WINDOW)).toEqual({ lower: 15, upper: 165 });
    expect(windowRange(WINDOW_PRESETS.abdomen)).toEqual({ lower: -160, upper: 240 });
  });

  it('round-trips between width/level and a VOI range', () => {
    expect(windowFromRange(windowRange({ width: 333, center: -47 }))).toEqual({ width: 333, center: -47 });
  });

  it("reads a file's WindowCenter/Width back from the range DICOM's linear VOI function gives", () => {
    // c = 120, w = 500: lower = 120 − 0.5 − 249.5 = −130, upper = 120 − 0.5 + 249.5 = 369.
    expect(fileWindowFromRange({ lower: -130, upper: 369 })).toEqual({ width: 500, center: 120 });
  });

  it('accepts typed windows only with a positive width', () => {
    expect(parseWindow('400', '40')).toEqual({ width: 400, center: 40 });
    expect(parseWindow('0', '40')).toBeNull();
    expect(parseWindow('-5', '40')).toBeNull();
    expect(parseWindow('wide', '40')).toBeNull();
  });
});

describe('windowedRgba', () => {
  it('maps the window onto black..white, clamps outside it, opaque', () => {
    const rgba = windowedRgba(Float32Array.from([-1000, 15, 90, 165, 3000]), { width: 150, center: 90 });
    expect(Array.from(rgba.filter((_, i) => i % 4 === 0))).toEqual([0, 0, 128, 255, 255]);
    expect(Array.from(rgba.slice(8, 12))).toEqual([128, 128, 128, 255]);
  });
});
