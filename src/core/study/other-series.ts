/**
 * Series of the shown study that are on screen as no phase: MR, CR, DX, screen captures, CT
 * scouts and fragments. The page lets the user look at them, one at a time, and never classifies
 * them; when no phase can be shown at all, the first of them is shown on opening.
 */
import type { Phase } from '../labels';
import type { StudySeries } from './read-study';

export function otherSeries(
  series: readonly StudySeries[],
  byPhase: Partial<Record<Phase, StudySeries>>,
): StudySeries[] {
  const phases = new Set(Object.values(byPhase).map((s) => s.series.key));
  return series.filter((s) => !phases.has(s.series.key) && s.series.slices.length > 0);
}

/** What is shown on opening instead of the phases: nothing while a phase is shown, else the first other series. */
export function seriesShownFirst(
  series: readonly StudySeries[],
  byPhase: Partial<Record<Phase, StudySeries>>,
): string | undefined {
  if (Object.keys(byPhase).length > 0) return undefined;
  return otherSeries(series, byPhase)[0]?.series.key;
}
