/**
 * Assigns NC/ART/PV/DL to the series of one study from every cue there is, in order of trust:
 * the SeriesDescription, then contrast timing, then image content. Each answer says where it came
 * from, so the viewer can show it and the user can override it.
 */
import { PHASES, type Phase } from '../labels';
import { phasesFromContent, type ContentStats } from './content-cues';
import { isAmbiguousDescription, phaseFromDescription } from './description-cues';
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
  /** Why the description was overruled by timing or content, for the row ("2 series are described as ART"). */
  readonly note?: string;
}

export function assignPhases(series: readonly SeriesPhaseInput[]): PhaseAssignment[] {
  const fromTiming = phasesFromTiming(series);
  const described = series.map((s) => phaseFromDescription(s.description));
  const doubts = series.map((_, i) => descriptionDoubt(series, described, i));
  const result: PhaseAssignment[] = series.map((s, i) => {
    const phase = described[i];
    // A doubtful description gives way to image content, where there is content to read.
    if (phase !== null && phase !== undefined && (doubts[i] === undefined || s.content === undefined))
      return { phase, source: 'description' };
    const timed = fromTiming[i];
    const note = doubts[i];
    if (timed !== null && timed !== undefined)
      return { phase: timed, source: 'timing', ...(note === undefined ? {} : { note }) };
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
      const note = doubts[i];
      if (phase !== null && phase !== undefined)
        result[i] = { phase, source: 'content', ...(note === undefined ? {} : { note }) };
    });
  }
  return result;
}

/** Why series i's description cannot be trusted: another series claims the same phase, or its only cue is ambiguous. */
function descriptionDoubt(
  series: readonly SeriesPhaseInput[],
  described: readonly (Phase | null)[],
  i: number,
): string | undefined {
  const phase = described[i];
  if (phase === null || phase === undefined) return undefined;
  const sharing = described.filter((p) => p === phase).length;
  if (sharing > 1) return `${sharing} series are described as ${phase}`;
  if (isAmbiguousDescription(series[i]?.description ?? ''))
    return `"${series[i]?.description ?? ''}" may not name a phase`;
  return undefined;
}
