/**
 * What the specification leaves open, drawn per study as named families, so that a model trained
 * on the phantoms cannot lean on one rendering path. `npm run realism` measured real CT outside the
 * specification's single path on each of these axes (HCC009: aorta 388 HU and portal vein 85 HU on
 * ART, i.e. an early arterial phase; PV liver +25 HU above the phantoms; noise finer and streakier;
 * the liver varying 3–9 HU between places against 2 HU). A family is chosen per study, so a
 * family can be held out of training and tested on alone.
 *
 * `specification` draws nothing new and renders exactly as before (the demo, the e2e fixtures);
 * `wide` draws every family at random.
 */
import type { Rng } from '../../src/core/random';

export const FAMILY_AXES = {
  /** Late arterial (the specification's 25–40 s) or early arterial (aorta bright, portal vein barely filled). */
  arterial: ['late', 'early'],
  /** PV/DL enhancement above unenhanced: the specification's, or up to 1.5× (HCC009, HCC048). */
  enhancement: ['standard', 'strong'],
  /** Smooth kernel (blurred Gaussian noise), sharp kernel (fine grain), or sharp with horizontal streaks. */
  noise: ['smooth', 'fine', 'streaky'],
  /** Parenchyma: fine texture only, or with slow regional variation as in real livers. */
  parenchyma: ['uniform', 'regional'],
  /** Lesion outline: the specification's ellipsoids, or lobulated / irregular with varied margin blur. */
  outline: ['regular', 'irregular'],
  /**
   * HCC inside: the specification's faint low-frequency mosaic, or nodule-in-nodule with
   * enhancing septa, each nodule enhancing and washing out on its own (HCC009's 8-cm HCC).
   */
  heterogeneity: ['mild', 'mosaic'],
} as const;

export type FamilyAxis = keyof typeof FAMILY_AXES;
export type Families = { readonly [A in FamilyAxis]: (typeof FAMILY_AXES)[A][number] };
export type Variation = 'specification' | 'wide';
export const VARIATIONS: readonly Variation[] = ['specification', 'wide'];

export const SPECIFICATION_FAMILIES: Families = {
  arterial: 'late',
  enhancement: 'standard',
  noise: 'smooth',
  parenchyma: 'uniform',
  outline: 'regular',
  heterogeneity: 'mild',
};

/** Families a set of studies must or must not have: "noise=streaky", "arterial!=early". */
export interface FamilyRule {
  readonly axis: FamilyAxis;
  readonly value: string;
  readonly keep: boolean;
}

export function parseFamilyRules(text: string | undefined): FamilyRule[] {
  if (text === undefined || text.trim() === '') return [];
  return text.split(',').map((part) => {
    const match = /^\s*(\w+)\s*(!?=)\s*([\w-]+)\s*$/.exec(part);
    if (match === null) throw new Error(`a family rule looks like axis=value or axis!=value, not "${part}"`);
    const [, axis = '', op, value = ''] = match;
    if (!(axis in FAMILY_AXES))
      throw new Error(`unknown family axis "${axis}" (${Object.keys(FAMILY_AXES).join(', ')})`);
    const values: readonly string[] = FAMILY_AXES[axis as FamilyAxis];
    if (!values.includes(value)) throw new Error(`family ${axis} has no value "${value}" (${values.join(', ')})`);
    return { axis: axis as FamilyAxis, value, keep: op === '=' };
  });
}

/**
 * One study's families. Under `wide` each axis is drawn uniformly among the values the rules
 * allow; a rule that leaves an axis no value is an error.
 */
export function sampleFamilies(rng: Rng, variation: Variation, rules: readonly FamilyRule[] = []): Families {
  if (variation === 'specification') {
    for (const rule of rules) {
      if ((SPECIFICATION_FAMILIES[rule.axis] === rule.value) !== rule.keep) {
        throw new Error(`--variation specification renders ${rule.axis}=${SPECIFICATION_FAMILIES[rule.axis]} only`);
      }
    }
    return SPECIFICATION_FAMILIES;
  }
  const drawn: Record<string, string> = {};
  for (const axis of Object.keys(FAMILY_AXES) as FamilyAxis[]) {
    const allowed = FAMILY_AXES[axis].filter((value) =>
      rules.every((rule) => rule.axis !== axis || (rule.value === value) === rule.keep),
    );
    if (allowed.length === 0) throw new Error(`the family rules leave ${axis} no value`);
    drawn[axis] = rng.fork(axis).pick(allowed);
  }
  return drawn as Families;
}

export function familiesText(families: Families): string {
  return (Object.keys(FAMILY_AXES) as FamilyAxis[]).map((axis) => `${axis}=${families[axis]}`).join(',');
}
