/**
 * Image noise in homogeneous tissue, estimated the same way on real CT and on phantoms from square
 * patches (about 20 mm a side) of liver parenchyma:
 *
 * 1. Each patch loses its least-squares plane a + b·i + c·j, so slow trends (enhancement gradients,
 *    beam hardening, texture on the scale of the patch) do not count as noise.
 * 2. Noise SD: the pooled residual SD, √(Σ residual² / Σ (pixels − 3)) (the plane takes 3 degrees of
 *    freedom per patch).
 * 3. Noise power spectrum: NPS(fx, fy) = Δx·Δy / N² · |DFT(residual)|² per patch (HU²·mm²), so that
 *    its integral over the frequency plane is the residual variance (Parseval). Summaries:
 *    - peak: the radial bin (0.05 cycles/mm wide, centred on multiples of 0.05) with the largest
 *      mean NPS, below the Nyquist frequency. Gaussian-blurred white noise peaks in the lowest
 *      bins (0.05–0.1: the plane fit takes part of the 0.05 bin); filtered back-projection (ramp
 *      filter × apodisation) peaks at a mid frequency.
 *    - mean frequency: ∫ |f|·NPS / ∫ NPS over the whole sampled plane (DC excluded): where the noise
 *      power sits on average; white noise on 0.74-mm pixels gives ≈ 0.52 cycles/mm.
 *    - high-frequency share: the fraction of ∫ NPS at |f| > 0.3 cycles/mm, robust where the peak
 *      is not (a few patches of real liver put bumps of texture into the low bins).
 *    - streak ratio: power at |fy| > |fx| over power at |fx| > |fy|. 1 for isotropic noise; above
 *      1 when the noise runs in horizontal streaks (rows differ more than columns), as lateral
 *      photon starvation makes it.
 * 4. Regional SD: SD of the patches' mean HU, i.e. how much the tissue itself varies between places
 *    (patch noise adds only ~1 HU to it).
 */

export interface Patch {
  /** Row by row, `side` × `side`. */
  readonly values: Float64Array;
  readonly side: number;
  /** Pixel spacing, mm (square pixels). */
  readonly spacingMm: number;
}

export interface NoiseEstimate {
  readonly sd: number;
  readonly peakFrequency: number;
  readonly meanFrequency: number;
  /** Fraction of the noise power above HIGH_FREQUENCY. */
  readonly highFrequencyShare: number;
  readonly streakRatio: number;
  readonly regionalSd: number;
  readonly patches: number;
  /** Mean NPS per radial bin (HU²·mm²), bin b covering [b − ½, b + ½) × RADIAL_BIN; NaN where empty. */
  readonly radialNps: readonly number[];
}

/** Side of the square noise patches, mm: small enough to fit in homogeneous liver, large enough for 0.05-cycles/mm steps. */
export const NOISE_PATCH_MM = 20;

/**
 * Radial bin width of the NPS, cycles/mm: the patches' own frequency step (1 / 20 mm). Bins are
 * centred on its multiples, so that steps of 0.0499 or 0.0508 (pixel sizes differ) share a bin.
 */
export const RADIAL_BIN = 0.05;

/** cycles/mm: above it, ramp-filtered CT noise keeps much of its power, blurred noise little. */
export const HIGH_FREQUENCY = 0.3;

/** Residual of the least-squares plane a + b·i + c·j through a `side` × `side` patch. */
export function detrendPlane(values: Float64Array, side: number): Float64Array {
  // With centred coordinates the normal equations decouple: a = mean, b = Σ u·v / Σ u², c likewise.
  const centre = (side - 1) / 2;
  let sum = 0;
  let sumU = 0;
  let sumV = 0;
  let sumUu = 0;
  for (let j = 0; j < side; j++) {
    for (let i = 0; i < side; i++) {
      const value = values[j * side + i] as number;
      sum += value;
      sumU += (i - centre) * value;
      sumV += (j - centre) * value;
      sumUu += (i - centre) ** 2;
    }
  }
  const n = side * side;
  const mean = sum / n;
  // Σu² over the patch equals Σv²: the same sum with rows and columns swapped.
  const slopeI = sumU / sumUu;
  const slopeJ = sumV / sumUu;
  const out = new Float64Array(n);
  for (let j = 0; j < side; j++) {
    for (let i = 0; i < side; i++) {
      out[j * side + i] = (values[j * side + i] as number) - mean - slopeI * (i - centre) - slopeJ * (j - centre);
    }
  }
  return out;
}

/** |DFT|² of a real `side` × `side` image (direct separable transform: patches are ~30 pixels). */
export function powerSpectrum(values: Float64Array, side: number): Float64Array {
  const cos = new Float64Array(side * side);
  const sin = new Float64Array(side * side);
  for (let k = 0; k < side; k++) {
    for (let n = 0; n < side; n++) {
      const angle = (-2 * Math.PI * ((k * n) % side)) / side;
      cos[k * side + n] = Math.cos(angle);
      sin[k * side + n] = Math.sin(angle);
    }
  }
  // Along rows: rowRe/rowIm[j][u].
  const rowRe = new Float64Array(side * side);
  const rowIm = new Float64Array(side * side);
  for (let j = 0; j < side; j++) {
    for (let u = 0; u < side; u++) {
      let re = 0;
      let im = 0;
      for (let i = 0; i < side; i++) {
        const value = values[j * side + i] as number;
        re += value * (cos[u * side + i] as number);
        im += value * (sin[u * side + i] as number);
      }
      rowRe[j * side + u] = re;
      rowIm[j * side + u] = im;
    }
  }
  // Along columns: power[v][u].
  const power = new Float64Array(side * side);
  for (let u = 0; u < side; u++) {
    for (let v = 0; v < side; v++) {
      let re = 0;
      let im = 0;
      for (let j = 0; j < side; j++) {
        const c = cos[v * side + j] as number;
        const s = sin[v * side + j] as number;
        const a = rowRe[j * side + u] as number;
        const b = rowIm[j * side + u] as number;
        re += a * c - b * s;
        im += a * s + b * c;
      }
      power[v * side + u] = re * re + im * im;
    }
  }
  return power;
}

/** Signed frequency (cycles/mm) of DFT index `k` of `side` samples `spacingMm` apart. */
export const frequencyOf = (k: number, side: number, spacingMm: number): number =>
  (k <= side / 2 ? k : k - side) / (side * spacingMm);

/** Noise SD, NPS summaries and regional SD of a set of patches (see the file comment); null when empty. */
export function estimateNoise(patches: readonly Patch[]): NoiseEstimate | null {
  if (patches.length === 0) return null;
  let squares = 0;
  let degrees = 0;
  let weightedFrequency = 0;
  let totalPower = 0;
  let highPower = 0;
  let powerAlongY = 0;
  let powerAlongX = 0;
  let nyquist = Number.POSITIVE_INFINITY;
  const binSum: number[] = [];
  const binCount: number[] = [];
  const means: number[] = [];
  for (const { values, side, spacingMm } of patches) {
    let sum = 0;
    for (const value of values) sum += value;
    means.push(sum / values.length);
    const residual = detrendPlane(values, side);
    for (const r of residual) squares += r * r;
    degrees += residual.length - 3;
    nyquist = Math.min(nyquist, 0.5 / spacingMm);
    const power = powerSpectrum(residual, side);
    const scale = (spacingMm * spacingMm) / (side * side);
    // Each sample stands for a frequency cell of this area; patches of other pixel sizes differ.
    const cell = 1 / (side * spacingMm) ** 2;
    for (let v = 0; v < side; v++) {
      const fy = frequencyOf(v, side, spacingMm);
      for (let u = 0; u < side; u++) {
        if (u === 0 && v === 0) continue;
        const fx = frequencyOf(u, side, spacingMm);
        const nps = (power[v * side + u] as number) * scale;
        const f = Math.hypot(fx, fy);
        weightedFrequency += f * nps * cell;
        totalPower += nps * cell;
        if (f > HIGH_FREQUENCY) highPower += nps * cell;
        if (Math.abs(fy) > Math.abs(fx)) powerAlongY += nps;
        else if (Math.abs(fx) > Math.abs(fy)) powerAlongX += nps;
        const bin = Math.round(f / RADIAL_BIN);
        binSum[bin] = (binSum[bin] ?? 0) + nps;
        binCount[bin] = (binCount[bin] ?? 0) + 1;
      }
    }
  }
  const radialNps = Array.from({ length: binSum.length }, (_, b) =>
    (binCount[b] ?? 0) > 0 ? (binSum[b] ?? 0) / (binCount[b] ?? 1) : Number.NaN,
  );
  // Peak only among bins wholly below every patch's Nyquist frequency (corners of the square
  // frequency grid reach √2 × Nyquist, sampled in some directions only).
  let peakBin = -1;
  radialNps.forEach((value, b) => {
    if ((b + 0.5) * RADIAL_BIN > nyquist + 1e-9 || Number.isNaN(value)) return;
    if (peakBin < 0 || value > (radialNps[peakBin] as number)) peakBin = b;
  });
  const meanOfMeans = means.reduce((a, b) => a + b, 0) / means.length;
  const regionalVariance = means.reduce((a, m) => a + (m - meanOfMeans) ** 2, 0) / Math.max(1, means.length - 1);
  return {
    sd: Math.sqrt(squares / Math.max(1, degrees)),
    peakFrequency: peakBin < 0 ? Number.NaN : peakBin * RADIAL_BIN,
    meanFrequency: weightedFrequency / totalPower,
    highFrequencyShare: highPower / totalPower,
    streakRatio: powerAlongY / powerAlongX,
    regionalSd: means.length > 1 ? Math.sqrt(regionalVariance) : Number.NaN,
    patches: patches.length,
    radialNps,
  };
}
