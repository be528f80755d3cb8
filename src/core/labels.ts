/** The five lesion classes of the published setup, in the order every model and file uses. */
export const LESION_CLASSES = ['CYST', 'FNH', 'HCC', 'HEM', 'METS'] as const;
export type LesionClass = (typeof LESION_CLASSES)[number];

/** What a model with a "no focal lesion" output calls it (manifest `noLesionOutput`, dataset label). */
export const NO_LESION = 'NONE' as const;
/** A training sample's label: a lesion class, or no focal lesion. */
export type ModelLabel = LesionClass | typeof NO_LESION;

/** Contrast phases, in acquisition order. */
export const PHASES = ['NC', 'ART', 'PV', 'DL'] as const;
export type Phase = (typeof PHASES)[number];

/**
 * The phases this project's models read, their input channels in order (Wang et al.: NC/ART/PV).
 * The app reads a model's own from its manifest; this is what the pipeline builds them with and
 * what the page names before a model is loaded.
 */
export const MODEL_PHASES: readonly Phase[] = ['NC', 'ART', 'PV'];

export function isLesionClass(value: unknown): value is LesionClass {
  return typeof value === 'string' && (LESION_CLASSES as readonly string[]).includes(value);
}

export function isPhase(value: unknown): value is Phase {
  return typeof value === 'string' && (PHASES as readonly string[]).includes(value);
}
