/** The noise estimators on synthetic patches whose answers are known. */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/random';
import {
  detrendPlane,
  estimateNoise,
  frequencyOf,
  HIGH_FREQUENCY,
  powerSpectrum,
  RADIAL_BIN,
  type Patch,
} from './noise';

const SIDE = 27;
const SPACING = 0.742;

function whiteNoise(rng: Rng, sd: number, side = SIDE): Float64Array {
  return Float64Array.from({ length: side * side }, () => sd * rng.normal());
}

function patches(count: number, make: (rng: Rng) => Float64Array, side = SIDE, spacingMm = SPACING): Patch[] {
  const rng = new Rng('noise-test');
  return Array.from({ length: count }, () => ({ values: make(rng), side, spacingMm }));
}

/** White noise blurred along rows and columns by a Gaussian of `sigma` pixels (wrapping at edges). */
function blurredNoise(rng: Rng, sigma: number, side = SIDE): Float64Array {
  const white = whiteNoise(rng, 1, side);
  const radius = Math.ceil(3 * sigma);
  const weights = Array.from({ length: 2 * radius + 1 }, (_, t) => Math.exp(-((t - radius) ** 2) / (2 * sigma ** 2)));
  const blur = (input: Float64Array, alongRows: boolean): Float64Array => {
    const out = new Float64Array(input.length);
    for (let j = 0; j < side; j++) {
      for (let i = 0; i < side; i++) {
        let acc = 0;
        weights.forEach((w, t) => {
          const k = ((((alongRows ? i : j) + t - radius) % side) + side) % side;
          acc += w * (input[alongRows ? j * side + k : k * side + i] as number);
        });
        out[j * side + i] = acc;
      }
    }
    return out;
  };
  return blur(blur(white, true), false);
}

describe('detrendPlane', () => {
  it('removes a plane exactly and leaves zero-mean residuals', () => {
    const plane = Float64Array.from(
      { length: SIDE * SIDE },
      (_, p) => 100 + 0.7 * (p % SIDE) - 1.3 * Math.floor(p / SIDE),
    );
    for (const r of detrendPlane(plane, SIDE)) expect(Math.abs(r)).toBeLessThan(1e-9);
  });
});

describe('powerSpectrum', () => {
  it('obeys Parseval: Σ|F|² = N² · Σ x², so the NPS integrates to the mean square', () => {
    const values = whiteNoise(new Rng('parseval'), 7);
    const power = powerSpectrum(values, SIDE);
    const energy = values.reduce((a, v) => a + v * v, 0);
    expect(power.reduce((a, p) => a + p, 0)).toBeCloseTo(SIDE * SIDE * energy, 3);
  });
});

describe('estimateNoise', () => {
  it('gives the SD of white noise added to a plane, and a flat NPS at σ²·Δx²', () => {
    const sigma = 20;
    const estimate = estimateNoise(
      patches(40, (rng) => {
        const noise = whiteNoise(rng, sigma);
        return noise.map((v, p) => v + 60 + 0.5 * (p % SIDE) - 0.2 * Math.floor(p / SIDE));
      }),
    );
    expect(estimate).not.toBeNull();
    if (estimate === null) return;
    expect(estimate.sd).toBeGreaterThan(0.97 * sigma);
    expect(estimate.sd).toBeLessThan(1.03 * sigma);
    const expected = sigma * sigma * SPACING * SPACING;
    const nyquistBins = Math.floor(0.5 / SPACING / RADIAL_BIN - 0.5);
    for (let b = 2; b < nyquistBins; b++) {
      expect(estimate.radialNps[b]).toBeGreaterThan(0.8 * expected);
      expect(estimate.radialNps[b]).toBeLessThan(1.2 * expected);
    }
    // White noise spreads its power evenly over the square frequency grid: the mean |f| is the
    // mean distance from the centre of that grid.
    let sum = 0;
    for (let v = 0; v < SIDE; v++) {
      for (let u = 0; u < SIDE; u++) {
        if (u !== 0 || v !== 0) sum += Math.hypot(frequencyOf(u, SIDE, SPACING), frequencyOf(v, SIDE, SPACING));
      }
    }
    expect(estimate.meanFrequency).toBeCloseTo(sum / (SIDE * SIDE - 1), 1);
    // …and its share above 0.3 cycles/mm is the share of grid points there.
    let high = 0;
    for (let v = 0; v < SIDE; v++) {
      for (let u = 0; u < SIDE; u++) {
        if (Math.hypot(frequencyOf(u, SIDE, SPACING), frequencyOf(v, SIDE, SPACING)) > HIGH_FREQUENCY) high++;
      }
    }
    expect(estimate.highFrequencyShare).toBeCloseTo(high / (SIDE * SIDE - 1), 1);
    expect(estimate.streakRatio).toBeGreaterThan(0.9);
    expect(estimate.streakRatio).toBeLessThan(1.1);
  });

  it('finds the frequency of a sinusoid', () => {
    // 4 cycles across the patch: 4 / (27 × 0.742 mm) ≈ 0.2 cycles/mm, along x.
    const f0 = 4 / (SIDE * SPACING);
    const estimate = estimateNoise(
      patches(4, (rng) =>
        Float64Array.from(
          { length: SIDE * SIDE },
          (_, p) => 10 * Math.sin(2 * Math.PI * 4 * ((p % SIDE) / SIDE)) + 0.01 * rng.normal(),
        ),
      ),
    );
    expect(estimate?.meanFrequency).toBeCloseTo(f0, 2);
    expect(Math.abs((estimate?.peakFrequency ?? 0) - f0)).toBeLessThanOrEqual(RADIAL_BIN / 2);
    // Variation along x only: all power at |fx| > |fy|.
    expect(estimate?.streakRatio).toBeLessThan(1e-3);
  });

  it('puts blurred noise at low frequencies, peaking in the lowest bins', () => {
    const white = estimateNoise(patches(30, (rng) => whiteNoise(rng, 1)));
    const blurred = estimateNoise(patches(30, (rng) => blurredNoise(rng, 1.2)));
    // Not always the very lowest bin: the plane fit also takes out part of the 0.05-cycles/mm power.
    expect(blurred?.peakFrequency).toBeLessThanOrEqual(2 * RADIAL_BIN + 1e-9);
    expect(blurred?.meanFrequency).toBeLessThan(0.6 * (white?.meanFrequency ?? 0));
    expect(blurred?.highFrequencyShare).toBeLessThan(0.2);
  });

  it('reports horizontal streaks (whole rows offset) as a streak ratio far above 1', () => {
    const estimate = estimateNoise(
      patches(20, (rng) => {
        const rowOffsets = Array.from({ length: SIDE }, () => 15 * rng.normal());
        return whiteNoise(rng, 3).map((v, p) => v + (rowOffsets[Math.floor(p / SIDE)] as number));
      }),
    );
    expect(estimate?.streakRatio).toBeGreaterThan(5);
  });

  it('measures the spread of patch means as the regional SD, apart from the noise', () => {
    const rng = new Rng('regional');
    const estimate = estimateNoise(
      [100, 110, 120, 130].map((level) => ({
        values: whiteNoise(rng, 10).map((v) => v + level),
        side: SIDE,
        spacingMm: SPACING,
      })),
    );
    // SD of 100, 110, 120, 130 is 12.9; the noise adds 10 / √729 ≈ 0.4 HU to each patch mean.
    expect(estimate?.regionalSd).toBeGreaterThan(11.5);
    expect(estimate?.regionalSd).toBeLessThan(14.5);
  });

  it('handles patches of different pixel sizes and nothing at all', () => {
    const mixed = [
      ...patches(10, (rng) => whiteNoise(rng, 12)),
      ...patches(10, (rng) => whiteNoise(rng, 12, 33), 33, 0.6),
    ];
    const estimate = estimateNoise(mixed);
    expect(estimate?.sd).toBeGreaterThan(11);
    expect(estimate?.sd).toBeLessThan(13);
    expect(estimateNoise([])).toBeNull();
  });
});
