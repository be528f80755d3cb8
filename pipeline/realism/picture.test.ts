import { describe, expect, it } from 'vitest';
import { sampleAt, sideBySide, windowed } from './picture';
import type { AxialSlice } from './slice-roi';

/** 3 × 3 pixels, 2 mm apart, from (-2, -2) mm: value = 10 × column + 100 × row. */
const SLICE: AxialSlice = {
  pixels: Float32Array.from({ length: 9 }, (_, p) => 10 * (p % 3) + 100 * Math.floor(p / 3)),
  geometry: { columns: 3, rows: 3, x0: -2, y0: -2, columnSpacing: 2, rowSpacing: 2 },
  z: 0,
};

describe('windowed', () => {
  it('maps the window onto 0–255 and clips outside it', () => {
    const window = { center: 40, width: 400 };
    expect(windowed(-160, window)).toBe(0);
    expect(windowed(40, window)).toBe(128);
    expect(windowed(240, window)).toBe(255);
    expect(windowed(-1000, window)).toBe(0);
    expect(windowed(3000, window)).toBe(255);
  });
});

describe('sampleAt', () => {
  it('interpolates bilinearly in patient mm and gives air outside the slice', () => {
    expect(sampleAt(SLICE, 0, 0)).toBe(110);
    expect(sampleAt(SLICE, 1, 0)).toBe(115);
    expect(sampleAt(SLICE, 2, 1)).toBeCloseTo(170, 6);
    expect(sampleAt(SLICE, 2.5, 0)).toBe(-1000);
  });
});

describe('sideBySide', () => {
  it('lays the tiles out side by side with room for titles and caption', () => {
    const png = sideBySide(
      [
        { slice: SLICE, title: ['A'] },
        { slice: SLICE, title: ['B', 'C'] },
      ],
      { window: { center: 90, width: 150 }, fieldOfViewMm: 6, tilePx: 12, caption: ['W150 L90'] },
    );
    expect(png.width).toBe(2 * 12 + 3 * 8);
    expect(png.height).toBe(2 * 18 + 8 + 12 + 8 + 18 + 8);
  });
});
