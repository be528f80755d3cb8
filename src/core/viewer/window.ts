/** Display windows (width/level in HU) radiologists use for the abdomen. */
export interface DisplayWindow {
  readonly width: number;
  readonly center: number;
}

export const WINDOW_PRESETS = {
  liver: { width: 150, center: 90 },
  abdomen: { width: 400, center: 40 },
  bone: { width: 1800, center: 400 },
} as const satisfies Record<string, DisplayWindow>;

export type WindowPreset = keyof typeof WINDOW_PRESETS;

export const DEFAULT_WINDOW: DisplayWindow = WINDOW_PRESETS.liver;

/** The HU range a window shows, as a VOI range [lower, upper]. */
export function windowRange(window: DisplayWindow): { lower: number; upper: number } {
  return { lower: window.center - window.width / 2, upper: window.center + window.width / 2 };
}

export function windowFromRange(range: { lower: number; upper: number }): DisplayWindow {
  return { width: range.upper - range.lower, center: (range.upper + range.lower) / 2 };
}

/**
 * The WindowCenter/Width a file gave, from the value range Cornerstone made of it with DICOM's
 * linear VOI function (PS3.3 C.11.2.1.2: lower = c − 0.5 − (w − 1)/2, upper = c − 0.5 + (w − 1)/2).
 */
export function fileWindowFromRange(range: { lower: number; upper: number }): DisplayWindow {
  return { width: range.upper - range.lower + 1, center: (range.upper + range.lower) / 2 + 0.5 };
}

/** A user-typed window; null when it is not a usable one (width must be positive). */
export function parseWindow(width: string, center: string): DisplayWindow | null {
  const w = Number(width);
  const c = Number(center);
  if (!Number.isFinite(w) || !Number.isFinite(c) || w <= 0) return null;
  return { width: w, center: c };
}

/** `hu` as grey RGBA through `window` (black at and below its lower end, white at its upper end), for a canvas. */
export function windowedRgba(hu: Float32Array, window: DisplayWindow): Uint8ClampedArray<ArrayBuffer> {
  const { lower } = windowRange(window);
  const scale = 255 / window.width;
  const rgba = new Uint8ClampedArray(hu.length * 4);
  for (let i = 0; i < hu.length; i++) {
    const grey = ((hu[i] ?? lower) - lower) * scale;
    rgba[4 * i] = grey;
    rgba[4 * i + 1] = grey;
    rgba[4 * i + 2] = grey;
    rgba[4 * i + 3] = 255;
  }
  return rgba;
}
