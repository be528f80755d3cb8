import { useEffect, useRef, useState } from 'react';
import type { BrowserFileSource } from '../../adapters/files';
import { PHASES, type Phase } from '../../core/labels';
import { freshPerLesion } from '../../core/roi/fresh-per-lesion';
import { roiSignature, type Lesion } from '../../core/roi/lesion';
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
  const [readings, setReadings] = useState<ReadonlyMap<string, LesionReadings>>(new Map());
  const asked = useRef(new Map<string, string>());

  const study = useRef({ byPhase, sources });

  useEffect(() => {
    // Another study (or phase assignment): every lesion is read again.
    if (study.current.byPhase !== byPhase || study.current.sources !== sources) {
      study.current = { byPhase, sources };
      asked.current.clear();
    }
    for (const lesion of lesions) {
      if (lesion.aligning === true) continue;
      const key = roiSignature(lesion, PHASES);
      if (asked.current.get(lesion.id) === key) continue;
      asked.current.set(lesion.id, key);
      void readPhases(lesion, byPhase, sources).then((read) => {
        if (asked.current.get(lesion.id) === key && study.current.sources === sources)
          setReadings((prev) => new Map(prev).set(lesion.id, { key, readings: read }));
      });
    }
    const ids = new Set(lesions.map((l) => l.id));
    for (const id of asked.current.keys()) if (!ids.has(id)) asked.current.delete(id);
  }, [lesions, byPhase, sources]);

  // Readings for ROIs that have since moved are never shown.
  return freshPerLesion(lesions, readings, PHASES);
}
