/**
 * Regions of one axial slice addressed in patient mm, the way a person draws them in the viewer:
 * a disc (mean and SD of the pixels whose centres lie inside it) and a square patch (for noise).
 */

/** Where the pixels of an axial slice lie: column i is at x0 + i·columnSpacing, row j at y0 + j·rowSpacing. */
export interface SliceGeometry {
  readonly columns: number;
  readonly rows: number;
  readonly x0: number;
  readonly y0: number;
  readonly columnSpacing: number;
  readonly rowSpacing: number;
}

/** One decoded axial slice in HU, with its geometry and z (mm). */
export interface AxialSlice {
  readonly pixels: Float32Array;
  readonly geometry: SliceGeometry;
  readonly z: number;
}

export interface DiscSample {
  readonly mean: number;
  /** Sample standard deviation (n − 1) of the pixels inside the disc. */
  readonly sd: number;
  readonly count: number;
}

/** Mean and SD of the pixels whose centres lie within `radiusMm` of (x, y); null when none do. */
export function discStats(
  pixels: Float32Array,
  geometry: SliceGeometry,
  x: number,
  y: number,
  radiusMm: number,
): DiscSample | null {
  const { columns, rows, x0, y0, columnSpacing, rowSpacing } = geometry;
  const i0 = Math.max(0, Math.floor((x - radiusMm - x0) / columnSpacing));
  const i1 = Math.min(columns - 1, Math.ceil((x + radiusMm - x0) / columnSpacing));
  const j0 = Math.max(0, Math.floor((y - radiusMm - y0) / rowSpacing));
  const j1 = Math.min(rows - 1, Math.ceil((y + radiusMm - y0) / rowSpacing));
  // Two passes (mean, then squared deviations): CT values near 1000 HU would lose digits in Σx².
  let sum = 0;
  let count = 0;
  const inside = (i: number, j: number): boolean =>
    (x0 + i * columnSpacing - x) ** 2 + (y0 + j * rowSpacing - y) ** 2 <= radiusMm * radiusMm;
  for (let j = j0; j <= j1; j++) {
    for (let i = i0; i <= i1; i++) {
      if (!inside(i, j)) continue;
      sum += pixels[j * columns + i] as number;
      count++;
    }
  }
  if (count === 0) return null;
  const mean = sum / count;
  let squares = 0;
  for (let j = j0; j <= j1; j++) {
    for (let i = i0; i <= i1; i++) {
      if (inside(i, j)) squares += ((pixels[j * columns + i] as number) - mean) ** 2;
    }
  }
  return { mean, sd: Math.sqrt(squares / Math.max(1, count - 1)), count };
}

/**
 * The `side` × `side` pixel square centred (to the nearest pixel) on (x, y), row by row; null when
 * it does not fit inside the slice.
 */
export function squareAt(
  pixels: Float32Array,
  geometry: SliceGeometry,
  x: number,
  y: number,
  side: number,
): Float64Array | null {
  const i0 = Math.round((x - geometry.x0) / geometry.columnSpacing - (side - 1) / 2);
  const j0 = Math.round((y - geometry.y0) / geometry.rowSpacing - (side - 1) / 2);
  if (i0 < 0 || j0 < 0 || i0 + side > geometry.columns || j0 + side > geometry.rows) return null;
  return squareFrom(pixels, geometry.columns, i0, j0, side);
}

/** The `side` × `side` square whose first pixel is (i0, j0) of an image `columns` wide. */
export function squareFrom(pixels: Float32Array, columns: number, i0: number, j0: number, side: number): Float64Array {
  const out = new Float64Array(side * side);
  for (let j = 0; j < side; j++) {
    for (let i = 0; i < side; i++) out[j * side + i] = pixels[(j0 + j) * columns + i0 + i] as number;
  }
  return out;
}
