/**
 * What a radiologist reads off each phase for one lesion: mean HU inside the ROI and the median
 * HU of the liver around it, on the slice through the ROI centre, for every phase the lesion has
 * an ROI on (DL too, which the model does not read). From the same decoded pixels as the model.
 */
import type { BrowserFileSource } from '../../adapters/files';
import { decodedSlices } from '../../adapters/dicom-codecs';
import { errorMessage } from '../../core/error-message';
import { PHASES, type Phase } from '../../core/labels';
import { seriesGeometry } from '../../core/roi/hu-box';
import type { PhaseInput } from '../../core/report/build-finding';
import type { Lesion } from '../../core/roi/lesion';
import { lesionSize } from '../../core/roi/lesion-size';
import { liverRing } from '../../core/roi/liver-ring';
import { roiHuStats, roiSlice } from '../../core/roi/roi-stats';
import type { StudySeries } from '../../core/study/read-study';

/** What a finding needs of a phase (`PhaseInput`), read off its series and ROI. */
export interface PhaseReading extends PhaseInput {
  /** Why the HU could not be read, when they could not. */
  readonly problem?: string;
}

export async function readPhases(
  lesion: Lesion,
  byPhase: Partial<Record<Phase, StudySeries>>,
  sources: ReadonlyMap<string, BrowserFileSource>,
): Promise<PhaseReading[]> {
  const readings: PhaseReading[] = [];
  for (const phase of PHASES) {
    const entry = lesion.rois[phase];
    const series = byPhase[phase]?.series;
    const orientation = series?.slices[0]?.imageOrientationPatient;
    const geometry = series === undefined ? null : seriesGeometry(series);
    if (entry === undefined || series === undefined || orientation === undefined || geometry === null) continue;
    const plane = { row: orientation[0], column: orientation[1] };
    const k = roiSlice(geometry, entry.roi);
    const slice = k === null ? null : (series.slices[k] ?? null);
    const base = {
      phase,
      seriesInstanceUid: series.seriesInstanceUid,
      seriesDescription: series.description,
      entry,
      plane,
      sliceIndex: k,
      slice,
      lesionHu: null,
      liverHu: null,
      size: null,
    };
    const file = slice === null ? undefined : sources.get(slice.fileName);
    if (k === null || slice === null || file === undefined) {
      readings.push({ ...base, problem: 'the ROI centre lies off this series' });
      continue;
    }
    try {
      const hu = await decodedSlices.read(file, slice);
      const liverHu = liverRing(geometry, k, hu, entry.roi).stats;
      readings.push({
        ...base,
        lesionHu: roiHuStats(geometry, k, hu, entry.roi, plane),
        liverHu,
        size: lesionSize(geometry, k, hu, entry.roi, plane, liverHu?.median ?? null),
      });
    } catch (error) {
      readings.push({ ...base, problem: errorMessage(error) });
    }
  }
  return readings;
}
