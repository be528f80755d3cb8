/**
 * Smooth random fields: lattice value noise for tissue texture (HCC mosaic, spleen mottling,
 * liver heterogeneity), cellular noise for the nodules and septa of a mosaic HCC, and the
 * correlated Gaussian image noise of the acquisition model.
 */
import type { Rng } from '../../src/core/random';

/** 16 well-mixed bits for one lattice point and seed: the randomness of both noises below. */
function latticeBits(ix: number, iy: number, iz: number, seed: number): number {
  let h = Math.imul(ix, 374761393) ^ Math.imul(iy, 668265263) ^ Math.imul(iz, 2147483647) ^ seed;
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  h ^= h >>> 16;
  return h & 0xffff;
}

/** Seeded 3-D value noise in [-1, 1] with features of size `cellMm`. */
export function valueNoise3(seed: number, cellMm: number): (x: number, y: number, z: number) => number {
  const inv = 1 / cellMm;
  const lattice = (ix: number, iy: number, iz: number): number => latticeBits(ix, iy, iz, seed) / 32767.5 - 1;
  const fade = (t: number): number => t * t * (3 - 2 * t);
  return (x, y, z) => {
    const fx = x * inv;
    const fy = y * inv;
    const fz = z * inv;
    const ix = Math.floor(fx);
    const iy = Math.floor(fy);
    const iz = Math.floor(fz);
    const tx = fade(fx - ix);
    const ty = fade(fy - iy);
    const tz = fade(fz - iz);
    const c00 = lattice(ix, iy, iz) * (1 - tx) + lattice(ix + 1, iy, iz) * tx;
    const c10 = lattice(ix, iy + 1, iz) * (1 - tx) + lattice(ix + 1, iy + 1, iz) * tx;
    const c01 = lattice(ix, iy, iz + 1) * (1 - tx) + lattice(ix + 1, iy, iz + 1) * tx;
    const c11 = lattice(ix, iy + 1, iz + 1) * (1 - tx) + lattice(ix + 1, iy + 1, iz + 1) * tx;
    const c0 = c00 * (1 - ty) + c10 * ty;
    const c1 = c01 * (1 - ty) + c11 * ty;
    return c0 * (1 - tz) + c1 * tz;
  };
}

/** Where a point lies in a cellular (Voronoi) field: its cell's value and how far it is from the cell's wall. */
export interface CellSample {
  /** The nearest seed's value in [-1, 1], one per cell: a nodule's own enhancement. */
  readonly value: number;
  /** Half the difference between the distances to the second-nearest and nearest seeds (mm): 0 on a wall. */
  readonly wallMm: number;
}

/**
 * Seeded 3-D cellular noise: space cut into nodules of about `cellMm` around one jittered seed
 * per lattice cell, as in the nodule-in-nodule mosaic of a large HCC with its septa.
 */
export function cellNoise3(seed: number, cellMm: number): (x: number, y: number, z: number) => CellSample {
  const inv = 1 / cellMm;
  const hash = (ix: number, iy: number, iz: number, salt: number): number =>
    latticeBits(ix, iy, iz, seed ^ Math.imul(salt, 1103515245)) / 65536;
  return (x, y, z) => {
    const fx = x * inv;
    const fy = y * inv;
    const fz = z * inv;
    const ix = Math.floor(fx);
    const iy = Math.floor(fy);
    const iz = Math.floor(fz);
    let nearest = Infinity;
    let second = Infinity;
    let value = 0;
    for (let dz = -1; dz <= 1; dz++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const cx = ix + dx;
          const cy = iy + dy;
          const cz = iz + dz;
          const ex = cx + hash(cx, cy, cz, 1) - fx;
          const ey = cy + hash(cx, cy, cz, 2) - fy;
          const ez = cz + hash(cx, cy, cz, 3) - fz;
          const d = Math.sqrt(ex * ex + ey * ey + ez * ez);
          if (d < nearest) {
            second = nearest;
            nearest = d;
            value = hash(cx, cy, cz, 4) * 2 - 1;
          } else if (d < second) {
            second = d;
          }
        }
      }
    }
    return { value, wallMm: ((second - nearest) / 2) * cellMm };
  };
}

/** Normalised 1-D Gaussian kernel of standard deviation `sigma` pixels. */
export function gaussianKernel(sigma: number): Float64Array {
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const kernel = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    const w = Math.exp((-i * i) / (2 * sigma * sigma));
    kernel[i + radius] = w;
    sum += w;
  }
  for (let i = 0; i < kernel.length; i++) kernel[i] = (kernel[i] as number) / sum;
  return kernel;
}

/**
 * Standard normal quantiles at the centres of 2^16 equal-probability bins: indexing it with 16
 * random bits draws a normal variate (exact to the bin) with no logarithm or trigonometry, which
 * makes the noise of a 512×512×48 series several times cheaper than Box–Muller.
 */
const NORMAL_TABLE: Float32Array = (() => {
  const table = new Float32Array(65536);
  for (let i = 0; i < table.length; i++) table[i] = inverseNormalCdf((i + 0.5) / table.length);
  return table;
})();

/** Acklam's rational approximation of the normal quantile function (relative error < 1.2e-9). */
export function inverseNormalCdf(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628274631,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const at = (coefficients: number[], i: number): number => coefficients[i] as number;
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((at(c, 0) * q + at(c, 1)) * q + at(c, 2)) * q + at(c, 3)) * q + at(c, 4)) * q + at(c, 5)) /
      ((((at(d, 0) * q + at(d, 1)) * q + at(d, 2)) * q + at(d, 3)) * q + 1)
    );
  }
  if (p > 1 - low) return -inverseNormalCdf(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((at(a, 0) * r + at(a, 1)) * r + at(a, 2)) * r + at(a, 3)) * r + at(a, 4)) * r + at(a, 5)) * q) /
    (((((at(b, 0) * r + at(b, 1)) * r + at(b, 2)) * r + at(b, 3)) * r + at(b, 4)) * r + 1)
  );
}

/**
 * Adds in-plane correlated Gaussian noise (white noise blurred by a Gaussian of `kernelPx`
 * pixels), scaled so that its standard deviation after blurring is `sigmaHu`.
 */
export function addCorrelatedNoise(
  hu: Float32Array,
  columns: number,
  rows: number,
  slices: number,
  sigmaHu: number,
  kernelPx: number,
  rng: Rng,
): void {
  const kernel = gaussianKernel(kernelPx);
  const radius = (kernel.length - 1) / 2;
  let sumSq = 0;
  for (const w of kernel) sumSq += w * w;
  // Variance of separable blurred white noise is (Σ w²)², so its sd is Σ w².
  const gain = sigmaHu / sumSq;
  const size = columns * rows;
  // Padded by `radius` on every side; the pad wraps around so edges keep the centre's statistics.
  const paddedColumns = columns + 2 * radius;
  const white = new Float32Array(paddedColumns * (rows + 2 * radius));
  const rowBlurred = new Float32Array(columns * (rows + 2 * radius));
  const weights = Array.from(kernel, (w) => w * gain);
  for (let k = 0; k < slices; k++) {
    for (let p = 0; p < white.length; p += 2) {
      const bits = rng.nextUint32();
      white[p] = NORMAL_TABLE[bits & 0xffff] as number;
      white[p + 1] = NORMAL_TABLE[bits >>> 16] as number;
    }
    wrapPadding(white, paddedColumns, rows + 2 * radius, radius);
    // Blur along rows: rowBlurred[j][i] = Σ_t w_t white[j][i + t].
    for (let j = 0; j < rows + 2 * radius; j++) {
      const src = j * paddedColumns;
      const dst = j * columns;
      for (let i = 0; i < columns; i++) {
        let acc = 0;
        for (let t = 0; t < kernel.length; t++) acc += (weights[t] as number) * (white[src + i + t] as number);
        rowBlurred[dst + i] = acc;
      }
    }
    // Blur along columns and add.
    const offset = k * size;
    for (let j = 0; j < rows; j++) {
      const out = offset + j * columns;
      for (let t = 0; t < kernel.length; t++) {
        const w = kernel[t] as number;
        const src = (j + t) * columns;
        for (let i = 0; i < columns; i++) hu[out + i] = (hu[out + i] as number) + w * (rowBlurred[src + i] as number);
      }
    }
  }
}

/** Makes the `radius`-wide border of a padded image a periodic copy of its interior. */
function wrapPadding(image: Float32Array, width: number, height: number, radius: number): void {
  const innerW = width - 2 * radius;
  const innerH = height - 2 * radius;
  for (let j = 0; j < height; j++) {
    const sj = radius + ((((j - radius) % innerH) + innerH) % innerH);
    for (let i = 0; i < width; i++) {
      if (j >= radius && j < height - radius && i >= radius && i < width - radius) {
        i = width - radius - 1;
        continue;
      }
      const si = radius + ((((i - radius) % innerW) + innerW) % innerW);
      image[j * width + i] = image[sj * width + si] as number;
    }
  }
}

/**
 * Adds horizontal streak noise: each row gets its own 1-D Gaussian field along x, smooth over
 * `lengthPx` pixels and independent between rows, scaled to `sigmaHu`. Real abdominal CT shows
 * this anisotropy (noise power 2–5× stronger across rows than along them in HCC009 and HCC048).
 */
export function addRowStreaks(
  hu: Float32Array,
  columns: number,
  rows: number,
  slices: number,
  sigmaHu: number,
  lengthPx: number,
  rng: Rng,
): void {
  const kernel = gaussianKernel(lengthPx);
  const radius = (kernel.length - 1) / 2;
  let sumSq = 0;
  for (const w of kernel) sumSq += w * w;
  const gain = sigmaHu / Math.sqrt(sumSq);
  const white = new Float32Array(columns + 2 * radius);
  for (let k = 0; k < slices; k++) {
    for (let j = 0; j < rows; j++) {
      for (let p = 0; p < white.length; p++) white[p] = NORMAL_TABLE[rng.nextUint32() & 0xffff] as number;
      const out = (k * rows + j) * columns;
      for (let i = 0; i < columns; i++) {
        let acc = 0;
        for (let t = 0; t < kernel.length; t++) acc += (kernel[t] as number) * (white[i + t] as number);
        hu[out + i] = (hu[out + i] as number) + gain * acc;
      }
    }
  }
}
