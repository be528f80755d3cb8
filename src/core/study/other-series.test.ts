import { describe, expect, it } from 'vitest';
import { groupSeries } from '../dicom/series';
import { fakeSlice } from '../dicom/test-dicom';
import { otherSeries, seriesShownFirst } from './other-series';
import { seriesByPhase, type StudySeries } from './read-study';

function study(
  ...specs: { uid: string; modality: string; phase: StudySeries['assignment']['phase'] }[]
): StudySeries[] {
  return specs.map(({ uid, modality, phase }) => {
    const [series] = groupSeries(
      [0, 2.5, 5].map((z) => fakeSlice({ z, seriesInstanceUid: uid, modality, sopInstanceUid: `${uid}.${z}` })),
    );
    if (series === undefined) throw new Error('no series');
    return { series, assignment: phase === 'unknown' ? { phase, source: 'none' } : { phase, source: 'description' } };
  });
}

describe('series shown for viewing only', () => {
  const mixed = study(
    { uid: '1', modality: 'CT', phase: 'NC' },
    { uid: '2', modality: 'CT', phase: 'ART' },
    { uid: '3', modality: 'MR', phase: 'unknown' },
    { uid: '4', modality: 'CT', phase: 'unknown' },
  );

  it('are the series no phase shows: other modalities and CT without a phase', () => {
    const byPhase = seriesByPhase(mixed, new Map());
    expect(otherSeries(mixed, byPhase).map((s) => s.series.key)).toEqual(['3', '4']);
    expect(seriesShownFirst(mixed, byPhase)).toBeUndefined();
  });

  it('are never a phase, even when a user picks one for them, and their row says why', () => {
    const byPhase = seriesByPhase(mixed, new Map([['3', 'PV' as const]]));
    expect(byPhase.PV).toBeUndefined();
    expect(otherSeries(mixed, byPhase).map((s) => s.series.key)).toContain('3');
    expect(mixed[2]?.series.issues).toEqual([
      'not CT (modality MR): shown for viewing only, never classified (the model reads contrast-phase CT)',
    ]);
  });

  it('open on their own when the study has no phase at all (an MR file alone)', () => {
    const mrOnly = study({ uid: '9', modality: 'MR', phase: 'unknown' });
    expect(seriesShownFirst(mrOnly, seriesByPhase(mrOnly, new Map()))).toBe('9');
  });
});
