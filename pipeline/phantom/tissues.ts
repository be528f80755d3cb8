import { PHASES, type Phase } from '../../src/core/labels';
import type { Rng } from '../../src/core/random';
import { SPECIFICATION_FAMILIES, type Families } from './families';
import { CONTRAST_TISSUES, EARLY_ARTERIAL_HU, TISSUE_HU, type Tissue } from './spec';

export type TissueHu = Readonly<Record<Tissue, Readonly<Record<Phase, number>>>>;

/**
 * Draws one study's mean HU for every tissue and phase, uniformly within the specification's
 * mean ± spread. Enhancing tissues share a per-study contrast strength (dose, cardiac output), so a
 * study with a bright aorta tends to have a bright liver too, as in real scans; each value still
 * stays inside its own range.
 */
export function sampleTissueHu(rng: Rng, families: Families = SPECIFICATION_FAMILIES, enhancementGain = 1): TissueHu {
  const contrastStrength = rng.next();
  const out = {} as Record<Tissue, Record<Phase, number>>;
  for (const tissue of Object.keys(TISSUE_HU) as Tissue[]) {
    const ranges = TISSUE_HU[tissue];
    const enhances = CONTRAST_TISSUES.includes(tissue);
    const perPhase = {} as Record<Phase, number>;
    // Tissues with the same range in every phase (fat, bone…) are one material: one draw.
    const shared = rng.next();
    for (const phase of PHASES) {
      const { mean, spread } = ranges[phase];
      const u = !enhances ? shared : phase === 'NC' ? rng.next() : 0.5 * contrastStrength + 0.5 * rng.next();
      perPhase[phase] = mean + spread * (2 * u - 1);
    }
    out[tissue] = perPhase;
  }
  // Extra draws come from their own streams: the specification's families render as before.
  if (families.arterial === 'early') {
    const early = rng.fork('early-arterial');
    for (const [tissue, range] of Object.entries(EARLY_ARTERIAL_HU) as [Tissue, readonly [number, number]][]) {
      const [low, high] = range;
      const value = early.uniform(low, high);
      // The liver's early enhancement is given above its own unenhanced value.
      out[tissue].ART = tissue === 'liver' ? out.liver.NC + value : value;
    }
  }
  if (enhancementGain !== 1) {
    for (const tissue of CONTRAST_TISSUES) {
      const values = out[tissue];
      values.PV = values.NC + enhancementGain * (values.PV - values.NC);
      values.DL = values.NC + enhancementGain * (values.DL - values.NC);
    }
  }
  return out;
}
