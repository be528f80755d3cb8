/**
 * Phase from acquisition timing: the delay after the contrast bolus started when the headers
 * carry it (ART 25–40 s, PV 60–80 s, DL 3–5 min), else the order of acquisition among series
 * with and without a contrast agent.
 */
import type { Phase } from '../labels';

export interface TimingCues {
  readonly acquisitionTime: number | undefined;
  readonly contrastBolusAgent: string | undefined;
  readonly contrastBolusStartTime: number | undefined;
}

const DAY = 24 * 3600;

/** Delay in seconds since the bolus start, across midnight if need be. */
function delayAfterBolus(cues: TimingCues): number | undefined {
  if (cues.acquisitionTime === undefined || cues.contrastBolusStartTime === undefined) return undefined;
  let delay = cues.acquisitionTime - cues.contrastBolusStartTime;
  if (delay < -DAY / 2) delay += DAY;
  if (delay > DAY / 2) delay -= DAY;
  return delay;
}

export function phaseFromDelay(delaySeconds: number): Phase {
  if (delaySeconds < 10) return 'NC';
  if (delaySeconds < 50) return 'ART';
  if (delaySeconds < 130) return 'PV';
  return 'DL';
}

/** Phase per series (same order as given) from timing, or null where timing cannot tell. */
export function phasesFromTiming(series: readonly TimingCues[]): (Phase | null)[] {
  const anyContrast = series.some((s) => s.contrastBolusAgent !== undefined);
  const fromDelay = series.map((s): Phase | null => {
    const delay = delayAfterBolus(s);
    if (delay !== undefined) return phaseFromDelay(delay);
    // In a study where other series name a contrast agent, one that names none is unenhanced.
    if (anyContrast && s.contrastBolusAgent === undefined && s.acquisitionTime !== undefined) return 'NC';
    return null;
  });
  if (fromDelay.every((p) => p !== null)) return fromDelay;
  // Without bolus start times: enhanced series in acquisition order, when there are exactly three.
  const enhanced = series
    .map((s, index) => ({ s, index }))
    .filter(({ s }) => s.contrastBolusAgent !== undefined && s.acquisitionTime !== undefined)
    .sort((a, b) => (a.s.acquisitionTime as number) - (b.s.acquisitionTime as number));
  if (enhanced.length === 3) {
    const order: Phase[] = ['ART', 'PV', 'DL'];
    enhanced.forEach(({ index }, rank) => {
      fromDelay[index] ??= order[rank] as Phase;
    });
  }
  return fromDelay;
}
