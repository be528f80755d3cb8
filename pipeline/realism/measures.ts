/** What `npm run realism` measures per study and phase, on real CT and on phantoms alike. */
import type { Phase } from '../../src/core/labels';
import type { NoiseEstimate } from './noise';

export const TISSUES = ['liver', 'spleen', 'aorta', 'portal-vein'] as const;
export type Tissue = (typeof TISSUES)[number];

export interface TissueStats {
  readonly mean: number;
  /** Real CT: the mean of the ROIs' own SDs. Phantom: the SD over the organ's voxels. */
  readonly sd: number;
}

export interface PhaseMeasures {
  readonly tissues: Partial<Record<Tissue, TissueStats>>;
  readonly noise: NoiseEstimate | null;
  /** Mean HU inside each HCC minus the liver's mean HU, one value per HCC measured. */
  readonly hccContrast: readonly number[];
}

export type StudyMeasures = Partial<Record<Phase, PhaseMeasures>>;
