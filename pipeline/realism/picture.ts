/**
 * Side-by-side picture of real and phantom slices in one window, resampled to the same field of
 * view in patient mm, so sizes, texture and noise compare at a glance.
 */
import { PNG } from 'pngjs';
import { drawText } from '../bitmap-font';
import type { AxialSlice } from './slice-roi';

export interface Tile {
  readonly slice: AxialSlice;
  /** Lines printed above the image. */
  readonly title: readonly string[];
}

export interface PictureOptions {
  readonly window: { readonly center: number; readonly width: number };
  /** Square field of view (mm) centred on the patient origin, shown in each tile. */
  readonly fieldOfViewMm: number;
  readonly tilePx: number;
  /** Lines printed under the tiles. */
  readonly caption: readonly string[];
}

const LINE_PX = 18;
const GAP_PX = 8;
const TEXT: readonly [number, number, number] = [255, 255, 255];
const AIR_HU = -1000;

/** Grey level (0–255) of `hu` in a window. */
export function windowed(hu: number, window: PictureOptions['window']): number {
  const low = window.center - window.width / 2;
  return Math.round(255 * Math.min(1, Math.max(0, (hu - low) / window.width)));
}

/** Bilinear HU at patient (x, y); air outside the slice. */
export function sampleAt(slice: AxialSlice, x: number, y: number): number {
  const { columns, rows, x0, y0, columnSpacing, rowSpacing } = slice.geometry;
  const u = (x - x0) / columnSpacing;
  const v = (y - y0) / rowSpacing;
  if (u < 0 || v < 0 || u > columns - 1 || v > rows - 1) return AIR_HU;
  const i = Math.min(columns - 2, Math.floor(u));
  const j = Math.min(rows - 2, Math.floor(v));
  const fu = u - i;
  const fv = v - j;
  const at = (di: number, dj: number): number => slice.pixels[(j + dj) * columns + i + di] as number;
  return (at(0, 0) * (1 - fu) + at(1, 0) * fu) * (1 - fv) + (at(0, 1) * (1 - fu) + at(1, 1) * fu) * fv;
}

export function sideBySide(tiles: readonly Tile[], options: PictureOptions): PNG {
  const { tilePx, fieldOfViewMm, window, caption } = options;
  const titleLines = Math.max(...tiles.map((t) => t.title.length));
  const top = titleLines * LINE_PX + GAP_PX;
  const width = tiles.length * tilePx + (tiles.length + 1) * GAP_PX;
  const height = top + tilePx + GAP_PX + caption.length * LINE_PX + GAP_PX;
  const png = new PNG({ width, height });
  const rgba = png.data as unknown as Uint8Array;
  for (let o = 0; o < rgba.length; o += 4) {
    rgba[o] = 0;
    rgba[o + 1] = 0;
    rgba[o + 2] = 0;
    rgba[o + 3] = 255;
  }
  const mmPerPx = fieldOfViewMm / tilePx;
  tiles.forEach((tile, t) => {
    const left = GAP_PX + t * (tilePx + GAP_PX);
    tile.title.forEach((line, l) => {
      drawText(rgba, width, height, line, left, GAP_PX + l * LINE_PX, TEXT);
    });
    for (let v = 0; v < tilePx; v++) {
      const y = -fieldOfViewMm / 2 + (v + 0.5) * mmPerPx;
      for (let u = 0; u < tilePx; u++) {
        const x = -fieldOfViewMm / 2 + (u + 0.5) * mmPerPx;
        const grey = windowed(sampleAt(tile.slice, x, y), window);
        const o = ((top + v) * width + left + u) * 4;
        rgba[o] = grey;
        rgba[o + 1] = grey;
        rgba[o + 2] = grey;
      }
    }
  });
  caption.forEach((line, l) => {
    drawText(rgba, width, height, line, GAP_PX, top + tilePx + GAP_PX + l * LINE_PX, TEXT);
  });
  return png;
}
