/**
 * A phantom study's DICOM headers: UIDs, patient, dates and times, and the phase cues each series
 * carries (descriptions, timing, or neither), drawn from the study's own stream.
 */
import { PHASES } from '../../src/core/labels';
import type { Rng } from '../../src/core/random';
import type { SeriesHeader, StudyHeader } from './dicom';
import { ACQUISITION, CONTRAST_AGENTS, PHASE_DELAY_S, PHASE_DESCRIPTIONS, UNINFORMATIVE_DESCRIPTIONS } from './spec';

/** How much the headers tell about the phase, so phase detection can be tested at each level. */
export type HeaderCues = 'description' | 'timing' | 'none';

/** The description TCIA's HCC-TACE-Seg gives its series holding both the arterial and portal-venous acquisitions. */
export const SHARED_SERIES_DESCRIPTION = 'LIVER 3 PHASE (AP)';

export function oneSeriesForArtAndPv(series: readonly SeriesHeader[]): SeriesHeader[] {
  const art = series.find((s) => s.phase === 'ART');
  if (art === undefined) return [...series];
  return series.map((s) => {
    if (s.phase === 'ART') return { ...s, description: SHARED_SERIES_DESCRIPTION, acquisitionNumber: 2 };
    if (s.phase !== 'PV') return s;
    return {
      ...s,
      seriesInstanceUid: art.seriesInstanceUid,
      seriesNumber: art.seriesNumber,
      description: SHARED_SERIES_DESCRIPTION,
      acquisitionNumber: 3,
      firstInstanceNumber: art.sopInstanceUids.length + 1,
    };
  });
}

export function sampleHeaders(
  rng: Rng,
  options: { readonly seed: string; readonly index: number },
  thickness: number,
  slices: number,
): { header: StudyHeader; series: SeriesHeader[]; headerCues: HeaderCues } {
  const uid = (): string => `2.25.${rng.decimal128()}`;
  const instanceUids = rng.fork('instances');
  const uninformative = rng.bernoulli(ACQUISITION.uninformativeDescriptionShare);
  // Model: a quarter of the studies with uninformative descriptions were exported without timing
  // tags either, so that only the image content tells the phases apart.
  const headerCues: HeaderCues = !uninformative ? 'description' : rng.bernoulli(0.25) ? 'none' : 'timing';
  const injection = rng.uniform(8 * 3600, 17 * 3600);
  const day = rng.int(0, 3650);
  const date = new Date(Date.UTC(2015, 0, 1) + day * 86400000);
  const studyDate = `${date.getUTCFullYear()}${pad2(date.getUTCMonth() + 1)}${pad2(date.getUTCDate())}`;
  const ncTime = injection - rng.uniform(60, 240);
  const agent = rng.pick(CONTRAST_AGENTS);
  const thicknessText = Number.isInteger(thickness)
    ? String(thickness)
    : thickness.toFixed((thickness * 100) % 10 === 0 ? 1 : 2);
  const generic = rng.pick(UNINFORMATIVE_DESCRIPTIONS).replace('{t}', thicknessText);
  const seriesNumbers = headerCues === 'none' ? rng.shuffle([2, 3, 4, 5]) : [2, 3, 4, 5];
  const series = PHASES.map((phase, i): SeriesHeader => {
    const time = phase === 'NC' ? ncTime : injection + rng.uniform(...PHASE_DELAY_S[phase]);
    let description = generic;
    if (!uninformative) {
      description = rng.pick(PHASE_DESCRIPTIONS[phase]);
      if (rng.bernoulli(0.3)) description = description.toUpperCase();
      if (rng.bernoulli(0.5)) description = `${description} ${thicknessText}mm`;
    }
    const timed = headerCues !== 'none';
    return {
      phase,
      seriesNumber: seriesNumbers[i] as number,
      seriesInstanceUid: uid(),
      description,
      acquisitionTime: timed ? formatTime(time) : undefined,
      contrast: phase === 'NC' || !timed ? undefined : { agent, startTime: formatTime(injection) },
      // Instance UIDs from their own stream, so the slice count changes nothing else.
      sopInstanceUids: Array.from({ length: slices }, () => `2.25.${instanceUids.decimal128()}`),
    };
  });
  const patientNumber = rng.int(1, 999999);
  const header: StudyHeader = {
    studyInstanceUid: uid(),
    frameOfReferenceUid: uid(),
    patientName: `PHANTOM^${String(patientNumber).padStart(6, '0')}`,
    patientId: `PH${options.seed}-${options.index}`.slice(0, 64),
    patientBirthDate: `${rng.int(1940, 1995)}0101`,
    patientSex: rng.bernoulli(0.5) ? 'M' : 'F',
    studyDate,
    studyTime: formatTime(ncTime - 300),
    accessionNumber: String(rng.int(1e6, 9e6)),
    studyId: String(rng.int(1, 9999)),
    rescaleIntercept: rng.pick(ACQUISITION.rescaleIntercepts),
    kvp: rng.pick([100, 120]),
  };
  return { header, series, headerCues };
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Seconds since midnight → DICOM TM (HHMMSS.FFF). */
function formatTime(seconds: number): string {
  const whole = Math.floor(seconds);
  const ms = Math.round((seconds - whole) * 1000);
  const carry = ms === 1000 ? 1 : 0;
  const s = whole + carry;
  return `${pad2(Math.floor(s / 3600) % 24)}${pad2(Math.floor(s / 60) % 60)}${pad2(s % 60)}.${String(carry ? 0 : ms).padStart(3, '0')}`;
}
