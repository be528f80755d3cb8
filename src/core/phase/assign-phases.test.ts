import { describe, expect, it } from 'vitest';
import { assignPhases, type SeriesPhaseInput } from './assign-phases';
import type { ContentStats } from './content-cues';

/** Content as the histogram reads it on each phase (soft-tissue median, enhancing shares). */
const CONTENT: Record<'NC' | 'ART' | 'PV' | 'DL', ContentStats> = {
  NC: { softMedian: 48, warmFraction: 0.001, hotFraction: 0 },
  ART: { softMedian: 64, warmFraction: 0.03, hotFraction: 0.02 },
  PV: { softMedian: 104, warmFraction: 0.05, hotFraction: 0.005 },
  DL: { softMedian: 84, warmFraction: 0.02, hotFraction: 0.001 },
};

const series = (description: string, content?: ContentStats): SeriesPhaseInput => ({
  description,
  acquisitionTime: undefined,
  contrastBolusAgent: undefined,
  contrastBolusStartTime: undefined,
  ...(content === undefined ? {} : { content }),
});

describe('assignPhases', () => {
  it('trusts descriptions that name one phase each', () => {
    const result = assignPhases([series('NC', CONTENT.NC), series('Arterial', CONTENT.ART), series('PV', CONTENT.PV)]);
    expect(result.map((r) => [r.phase, r.source])).toEqual([
      ['NC', 'description'],
      ['ART', 'description'],
      ['PV', 'description'],
    ]);
    expect(result.every((r) => r.note === undefined)).toBe(true);
  });

  it('lets image content decide when two acquisitions of one series both say "(AP)", and says so', () => {
    // TCIA's "LIVER 3 PHASE (AP)": arterial and portal-venous acquisitions with one description.
    const result = assignPhases([
      series('LIVER PRE', CONTENT.NC),
      series('LIVER 3 PHASE (AP)', CONTENT.PV),
      series('LIVER 3 PHASE (AP)', CONTENT.ART),
    ]);
    expect(result.map((r) => r.phase)).toEqual(['NC', 'PV', 'ART']);
    expect(result[1]?.source).toBe('content');
    expect(result[1]?.note).toMatch(/2 series are described as ART/);
  });

  it('reads a lone ambiguous "AP" from content too', () => {
    const result = assignPhases([series('NC', CONTENT.NC), series('CT AP 5mm', CONTENT.PV)]);
    expect(result[1]).toMatchObject({ phase: 'PV', source: 'content' });
    expect(result[1]?.note).toMatch(/may not name a phase/);
  });

  it('keeps the description when there is no content to read instead', () => {
    const result = assignPhases([series('LIVER 3 PHASE (AP)'), series('LIVER 3 PHASE (AP)')]);
    expect(result.map((r) => [r.phase, r.source])).toEqual([
      ['ART', 'description'],
      ['ART', 'description'],
    ]);
  });
});
