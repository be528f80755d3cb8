import { useEffect, useMemo } from 'react';
import { DECODED_SLICES_BUDGET, decodedSlices } from '../../adapters/dicom-codecs';
import type { BrowserFileSource } from '../../adapters/files';
import type { Phase } from '../../core/labels';
import { prefetchOrder } from '../../core/roi/prefetch-order';
import { isAligning, type Lesion } from '../../core/roi/lesion';
import type { StudySeries } from '../../core/study/read-study';

/** Wait this long after the view stops moving: scrolling through a stack should not decode it all. */
const SETTLE_MS = 300;
/** Leave a quarter of the cache for slices the ROIs read beyond the prefetched ones. */
const BUDGET_SHARE = 0.75;

/**
 * While the user looks at a slice, decode the slices an ROI drawn there would read in every
 * phase (alignment and crops), one at a time between the page's own tasks, into the decoded-slice
 * cache. Decoding is most of the wait between releasing an ROI and its probabilities; done ahead,
 * the wait is the search and the model. A slice that cannot be decoded is left to the ROI that
 * needs it, which says why. It pauses while any of `lesions` is being aligned: the search needs
 * the cores, and reads the slices it needs itself.
 */
export function usePrefetchSlices(
  byPhase: Partial<Record<Phase, StudySeries>>,
  sources: ReadonlyMap<string, BrowserFileSource>,
  slices: Partial<Record<Phase, { positionMm: number | undefined }>>,
  lesions: readonly Lesion[],
): void {
  const paused = lesions.some((lesion) => isAligning(lesion));
  // Re-run only when a viewed position really changes (to 0.1 mm), not on every render's new
  // object: the positions travel in a string, read back inside.
  const where = JSON.stringify(
    Object.entries(slices).flatMap(([phase, s]) =>
      s.positionMm === undefined ? [] : [[phase, Number(s.positionMm.toFixed(1))]],
    ),
  );
  const views = useMemo(() => {
    const positions = new Map(JSON.parse(where) as [Phase, number][]);
    return (Object.entries(byPhase) as [Phase, StudySeries][]).flatMap(([phase, entry]) => {
      const positionMm = positions.get(phase);
      return positionMm === undefined ? [] : [{ key: phase, series: entry.series, positionMm }];
    });
  }, [byPhase, where]);

  useEffect(() => {
    const first = views[0]?.series.slices[0];
    if (first === undefined || paused) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      // CT's HU are kept in 16 bits (decoded-slices.ts); a study that needs more fits fewer.
      const perSlice = first.rows * first.columns * Int16Array.BYTES_PER_ELEMENT;
      const order = prefetchOrder(views, Math.floor((BUDGET_SHARE * DECODED_SLICES_BUDGET) / perSlice));
      void (async () => {
        for (const { key, index } of order) {
          if (cancelled) return;
          const slice = byPhase[key]?.series.slices[index];
          const source = slice === undefined ? undefined : sources.get(slice.fileName);
          if (slice === undefined || source === undefined) continue;
          try {
            await decodedSlices.read(source, slice);
          } catch {
            // Left to the ROI that needs this slice: its row names the problem.
          }
          // One slice per task: input and rendering go first.
          await new Promise((resolve) => setTimeout(resolve, 0));
        }
      })();
    }, SETTLE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [views, byPhase, sources, paused]);
}
