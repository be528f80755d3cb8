/**
 * Assigns NC/ART/PV/DL to the series of one study from every cue there is, in order of trust:
 * the SeriesDescription, then contrast timing, then image content. Each answer says where it came
 * from, so the viewer can show it and the user can override it.
 */
import { PHASES, type Phase } from '../labels';
import { phasesFromContent, type ContentStats } from './content-cues';
import { phaseFromDescription } from './description-cues';
import { phasesFromTiming, type TimingCues } from './timing-cues';

export interface SeriesPhaseInput extends TimingCues {
  readonly description: string;
  /** Statistics of a few middle slices; absent when the pixels could not be read. */
  readonly content?: ContentStats;
}

export type PhaseSource = 'description' | 'timing' | 'content' | 'none';

export interface PhaseAssignment {
  readonly phase: Phase | 'unknown';
  readonly source: PhaseSource;
}

export function assignPhases(series: readonly SeriesPhaseInput[]): PhaseAssignment[] {
  const fromTiming = phasesFromTiming(series);
  const result: PhaseAssignment[] = series.map((s, i) => {
    const described = phaseFromDescription(s.description);
    if (described !== null) return { phase: described, source: 'description' };
    const timed = fromTiming[i];
    if (timed !== null && timed !== undefined) return { phase: timed, source: 'timing' };
    return { phase: 'unknown', source: 'none' };
  });
  const claimed = new Set(result.map((r) => r.phase));
  const open = result
    .map((r, i) => ({ r, i }))
    .filter(({ r, i }) => r.phase === 'unknown' && series[i]?.content !== undefined);
  if (open.length > 0) {
    const free = PHASES.filter((p) => !claimed.has(p));
    const guesses = phasesFromContent(
      open.map(({ i }) => series[i]?.content as ContentStats),
      free,
    );
    open.forEach(({ i }, n) => {
      const phase = guesses[n];
      if (phase !== null && phase !== undefined) result[i] = { phase, source: 'content' };
    });
  }
  return result;
}
