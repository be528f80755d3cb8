import type { BrowserFileSource } from '../../adapters/files';
import { decodedSlices } from '../../adapters/dicom-codecs';
import type { Series } from '../../core/dicom/series';
import type { Phase } from '../../core/labels';
import { PHASE_ALIGN_OPTIONS, alignmentBox, type Alignment, type HuVolume } from '../../core/roi/align';
import { readHuBox, seriesGeometry } from '../../core/roi/hu-box';
import { roiRadiusMm, type Roi } from '../../core/roi/roi';
import { runAlignment } from './align-runner';

export interface PhaseSeries {
  readonly phase: Phase;
  readonly series: Series;
}

/** Reads around `roi` in the source and each target phase and aligns them (null: not possible). */
export async function alignToPhases(
  source: PhaseSeries,
  roi: Roi,
  targets: readonly PhaseSeries[],
  sources: ReadonlyMap<string, BrowserFileSource>,
): Promise<Map<Phase, Alignment | null>> {
  const radius = roiRadiusMm(roi);
  const fixed = await readAround(source.series, roi, radius, sources, 'fixed');
  // All targets at once: their reads interleave and their searches run on the worker pool.
  const aligned = await Promise.all(
    targets.map(async (target): Promise<[Phase, Alignment | null]> => {
      const moving = fixed === null ? null : await readAround(target.series, roi, radius, sources, 'moving');
      return [
        target.phase,
        fixed === null || moving === null
          ? null
          : await runAlignment({ fixed, moving, center: roi.center, radiusMm: radius, options: PHASE_ALIGN_OPTIONS }),
      ];
    }),
  );
  return new Map(aligned);
}

async function readAround(
  series: Series,
  roi: Roi,
  radius: number,
  sources: ReadonlyMap<string, BrowserFileSource>,
  role: 'fixed' | 'moving',
): Promise<HuVolume | null> {
  const geometry = seriesGeometry(series);
  if (geometry === null) return null;
  const box = alignmentBox(geometry, roi.center, radius, PHASE_ALIGN_OPTIONS, role);
  if (box === null) return null;
  return readHuBox(geometry, box, async (k) => {
    const slice = series.slices[k];
    const file = slice === undefined ? undefined : sources.get(slice.fileName);
    if (slice === undefined || file === undefined) return null;
    // A slice that cannot be decoded throws (naming its syntax): the lesion row says why.
    return decodedSlices.read(file, slice);
  });
}
