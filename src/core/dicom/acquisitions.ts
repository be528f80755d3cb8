/**
 * One series, several acquisitions. Public multi-phase liver CT often stores the arterial and the
 * portal-venous acquisitions in one series (TCIA's "LIVER 3 PHASE": one SeriesInstanceUID,
 * AcquisitionNumber 2 and 3, every slice position twice). Read as one stack, half the slices
 * look like duplicates and a phase is lost. Here a series whose positions repeat is cut into one
 * stack per acquisition: by AcquisitionNumber, else by acquisition time (a pause of more than
 * `TIME_GAP_S` between them), else by position cycles in InstanceNumber order. A split is kept
 * only when it explains the repeats; otherwise they stay what they were, duplicates.
 */
import { imageKey, type SliceMeta } from './slice';

export interface Acquisition {
  /** "acquisition 2", "acquisition at 10:31:07", "pass 2"; undefined for a series that is one acquisition. */
  readonly label: string | undefined;
  readonly slices: readonly SliceMeta[];
}

export type SplitRule = 'AcquisitionNumber' | 'acquisition time' | 'position cycles';

export interface AcquisitionSplit {
  readonly acquisitions: readonly Acquisition[];
  /** What told the acquisitions apart; undefined when the series was not split. */
  readonly rule: SplitRule | undefined;
}

/** Two helical passes of one phase are seconds apart; phases are half a minute or more. */
export const TIME_GAP_S = 10;
/** A stack smaller than this share of the largest one is a few stray copies, not an acquisition. */
const MIN_SHARE = 0.5;
const POSITION_TOLERANCE_MM = 1e-3;
/** Each pass found by position cycles must hold this share of the largest pass's slices. */
const CYCLE_COVERAGE = 0.9;

/**
 * `along`: a slice's position along the series' normal (mm), undefined without geometry (then
 * nothing is split: repeats cannot be seen).
 */
export function splitAcquisitions(
  slices: readonly SliceMeta[],
  along: (slice: SliceMeta) => number | undefined,
): AcquisitionSplit {
  const whole: AcquisitionSplit = { acquisitions: [{ label: undefined, slices }], rule: undefined };
  const positions = slices.map(along);
  if (positions.some((p) => p === undefined)) return whole;
  const repeats = repeatedPositions(slices, along);
  if (repeats === 0) return whole;
  const candidates: [SplitRule, Acquisition[]][] = [
    ['AcquisitionNumber', byAcquisitionNumber(slices)],
    ['acquisition time', byAcquisitionTime(slices)],
    ['position cycles', byPositionCycles(slices, along)],
  ];
  for (const [rule, acquisitions] of candidates) {
    if (acquisitions.length < 2) continue;
    const largest = Math.max(...acquisitions.map((a) => a.slices.length));
    if (acquisitions.some((a) => a.slices.length < MIN_SHARE * largest)) continue;
    // Cycles are the weakest evidence: each pass must cover the range, as a real acquisition does.
    if (rule === 'position cycles' && acquisitions.some((a) => a.slices.length < CYCLE_COVERAGE * largest)) continue;
    const left = acquisitions.reduce((n, a) => n + repeatedPositions(a.slices, along), 0);
    if (left < repeats) return { acquisitions, rule };
  }
  return whole;
}

/**
 * How many images share a position with an earlier one. Copies of one image (same
 * SOPInstanceUID) count once: they are duplicates, never a second acquisition.
 */
function repeatedPositions(slices: readonly SliceMeta[], along: (slice: SliceMeta) => number | undefined): number {
  const images = new Map(slices.map((s) => [imageKey(s), s]));
  const sorted = [...images.values()].map((s) => along(s) ?? Number.NaN).sort((a, b) => a - b);
  let repeats = 0;
  for (let i = 1; i < sorted.length; i++)
    if (Math.abs((sorted[i] as number) - (sorted[i - 1] as number)) < POSITION_TOLERANCE_MM) repeats++;
  return repeats;
}

function byAcquisitionNumber(slices: readonly SliceMeta[]): Acquisition[] {
  if (slices.some((s) => s.acquisitionNumber === undefined)) return [];
  const groups = new Map<number, SliceMeta[]>();
  for (const slice of slices) {
    const key = slice.acquisitionNumber as number;
    groups.set(key, [...(groups.get(key) ?? []), slice]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([number, members]) => ({ label: `acquisition ${number}`, slices: members }));
}

function byAcquisitionTime(slices: readonly SliceMeta[]): Acquisition[] {
  if (slices.some((s) => s.acquisitionTime === undefined)) return [];
  const sorted = [...slices].sort((a, b) => (a.acquisitionTime as number) - (b.acquisitionTime as number));
  const groups: SliceMeta[][] = [];
  let previous = Number.NEGATIVE_INFINITY;
  for (const slice of sorted) {
    const time = slice.acquisitionTime as number;
    if (time - previous > TIME_GAP_S) groups.push([]);
    groups[groups.length - 1]?.push(slice);
    previous = time;
  }
  return groups.map((members) => ({
    label: `acquisition at ${clock(members[0]?.acquisitionTime ?? 0)}`,
    slices: members,
  }));
}

/** In InstanceNumber order, a new pass starts where a position comes round again. */
function byPositionCycles(
  slices: readonly SliceMeta[],
  along: (slice: SliceMeta) => number | undefined,
): Acquisition[] {
  if (slices.some((s) => s.instanceNumber === undefined)) return [];
  const ordered = [...slices].sort((a, b) => (a.instanceNumber as number) - (b.instanceNumber as number));
  const passes: { seen: number[]; members: SliceMeta[] }[] = [];
  for (const slice of ordered) {
    const at = along(slice) as number;
    let pass = passes[passes.length - 1];
    if (pass === undefined || pass.seen.some((p) => Math.abs(p - at) < POSITION_TOLERANCE_MM)) {
      pass = { seen: [], members: [] };
      passes.push(pass);
    }
    pass.seen.push(at);
    pass.members.push(slice);
  }
  return passes.map((pass, n) => ({ label: `pass ${n + 1}`, slices: pass.members }));
}

function clock(seconds: number): string {
  const whole = Math.floor(seconds);
  const part = (value: number) => String(value).padStart(2, '0');
  return `${part(Math.floor(whole / 3600))}:${part(Math.floor((whole % 3600) / 60))}:${part(whole % 60)}`;
}
