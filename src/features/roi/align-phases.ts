import type { BrowserFileSource } from '../../adapters/files';
import { decodedSlices } from '../../adapters/dicom-codecs';
import type { Series } from '../../core/dicom/series';
import { MODEL_PHASES, type Phase } from '../../core/labels';
import { PHASE_ALIGN_OPTIONS, alignmentBins, alignmentBox, type Alignment, type HuVolume } from '../../core/roi/align';
import { readHuBox, seriesGeometry } from '../../core/roi/hu-box';
import { roiRadiusMm, type Roi } from '../../core/roi/roi';
import { runAlignment } from './align-runner';

export interface PhaseSeries {
  readonly phase: Phase;
  readonly series: Series;
}

/**
 * Reads around `roi` in the source and each target phase and aligns them, telling `onAligned`
 * each phase's answer as it comes (null: not possible there). The phases the model reads go first,
 * side by side on the worker pool; the others (DL) are read and searched once those are answered
 * and `laterPhases` resolves (the model has read them), so their decoding and search do not take
 * the cores the model's input and inference wait for.
 */
export async function alignToPhases(
  source: PhaseSeries,
  roi: Roi,
  targets: readonly PhaseSeries[],
  sources: ReadonlyMap<string, BrowserFileSource>,
  onAligned: (phase: Phase, alignment: Alignment | null) => void,
  laterPhases: () => Promise<void> = () => Promise.resolve(),
): Promise<void> {
  if (targets.length === 0) return;
  const radius = roiRadiusMm(roi);
  const read = (target: PhaseSeries): Promise<HuVolume | null> => {
    const volume = timed(`align: read ${target.phase}`, () =>
      readAround(target.series, roi, radius, sources, 'moving'),
    );
    // Settled here too, so a read that fails while another phase is still searching is not left unhandled.
    void volume.catch(() => undefined);
    return volume;
  };
  const first = targets.filter((t) => MODEL_PHASES.includes(t.phase));
  // The drawn phase and the model's phases read at once (their file reads overlap).
  const reading = timed(`align: read ${source.phase}`, () => readAround(source.series, roi, radius, sources, 'fixed'));
  void reading.catch(() => undefined);
  const reads = new Map(first.map((target) => [target.phase, read(target)]));
  const align = async (target: PhaseSeries): Promise<void> => {
    const [fixed, moving] = await Promise.all([reading, reads.get(target.phase) ?? read(target)]);
    onAligned(
      target.phase,
      fixed === null || moving === null
        ? null
        : await timed(`align: search ${target.phase}`, () =>
            runAlignment({ fixed, moving, center: roi.center, radiusMm: radius, options: PHASE_ALIGN_OPTIONS }),
          ),
    );
  };
  await Promise.all(first.map(align));
  const later = targets.filter((t) => !first.includes(t));
  if (later.length === 0) return;
  await laterPhases();
  await Promise.all(later.map(align));
}

/**
 * Runs a step and leaves its span in the page's User Timing (the browser's performance panel, and
 * `npm run bench:inference`'s breakdown of the alignment).
 */
async function timed<T>(name: string, step: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await step();
  } finally {
    performance.measure(name, { start, end: performance.now() });
  }
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
  return readHuBox(
    geometry,
    box,
    async (k) => {
      const slice = series.slices[k];
      const file = slice === undefined ? undefined : sources.get(slice.fileName);
      if (slice === undefined || file === undefined) return null;
      // A slice that cannot be decoded throws (naming its syntax): the lesion row says why.
      return decodedSlices.read(file, slice);
    },
    alignmentBins(geometry, radius, PHASE_ALIGN_OPTIONS),
  );
}
