import { useMemo } from 'react';
import type { BrowserFileSource } from '../../adapters/files';
import { usePerLesion } from '../../adapters/react';
import { PHASES, type Phase } from '../../core/labels';
import { isAligning, roiSignature, type Lesion } from '../../core/roi/lesion';
import type { Derivation } from '../../core/roi/per-lesion';
import type { RoiHuStats } from '../../core/roi/roi-stats';
import type { StudySeries } from '../../core/study/read-study';
import { readPhases, type PhaseReading } from './phase-readings';

export interface LesionReadings {
  readonly key: string;
  readonly readings: readonly PhaseReading[];
}

/** Each lesion's per-phase HU (ROI and liver ring), read again whenever one of its ROIs moves. */
export function usePhaseReadings(
  lesions: readonly Lesion[],
  byPhase: Partial<Record<Phase, StudySeries>>,
  sources: ReadonlyMap<string, BrowserFileSource>,
): ReadonlyMap<string, LesionReadings> {
  // Another study (or phase assignment): every lesion is read again.
  const reading = useMemo<Derivation<readonly PhaseReading[]>>(
    () => ({
      key: (lesion) => roiSignature(lesion, PHASES),
      ready: (lesion) => !isAligning(lesion) && lesion.dragging !== true,
      derive: (lesion) => readPhases(lesion, byPhase, sources),
    }),
    [byPhase, sources],
  );
  const derived = usePerLesion(reading, lesions, reading);
  // Only readings of the ROIs as they are now.
  return useMemo(
    () =>
      new Map(
        [...derived].flatMap(([id, entry]): [string, LesionReadings][] =>
          entry.state === 'done' ? [[id, { key: entry.key, readings: entry.value }]] : [],
        ),
      ),
    [derived],
  );
}

/** Each lesion's ROI HU per phase, as the readings have them: what the lesion row shows. */
export function roiHuByLesion(
  readings: ReadonlyMap<string, LesionReadings>,
): Map<string, Partial<Record<Phase, RoiHuStats>>> {
  return new Map(
    [...readings].map(([id, { readings: phases }]) => [
      id,
      Object.fromEntries(phases.flatMap((r) => (r.lesionHu === null ? [] : [[r.phase, r.lesionHu]]))),
    ]),
  );
}
