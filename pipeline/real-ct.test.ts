/** Real CT (../shared/data/hcc048-pv, read in place): parsed, grouped and recognised as PV. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { groupSeries } from '../src/core/dicom/series';
import { parseSliceMeta } from '../src/core/dicom/slice-meta';
import { readStudy } from '../src/core/study/read-study';

const DIR = join(import.meta.dirname, '..', '..', 'shared', 'data', 'hcc048-pv');
if (!existsSync(DIR)) {
  throw new Error(`${DIR} not found: the real-CT tests read ../shared/data beside the repository (as CI lays it out)`);
}

describe('real CT: HCC_048 portal-venous series', () => {
  it('is one sorted series of 89 slices, its README and LICENSE skipped as non-DICOM', () => {
    const files = readdirSync(DIR);
    const parsed = files.map((f) => parseSliceMeta(f, new Uint8Array(readFileSync(join(DIR, f)))));
    const skipped = parsed.flatMap((p) => (p.kind === 'skipped' ? [`${p.fileName}: ${p.reason}`] : []));
    expect(skipped.sort()).toEqual(['LICENSE: not a DICOM file', 'README.md: not a DICOM file']);
    const series = groupSeries(parsed.flatMap((p) => (p.kind === 'slice' ? [p.slice] : [])));
    expect(series).toHaveLength(1);
    const only = series[0];
    expect(only?.slices).toHaveLength(89);
    expect(only?.sliceSpacing).toBeCloseTo(2.5, 3);
    expect(only?.issues).toEqual([]);
    const z = only?.slices.map((s) => s.imagePositionPatient?.[2] ?? Number.NaN) ?? [];
    expect(z[0]).toBeCloseTo(-396, 0);
    expect(z[z.length - 1]).toBeCloseTo(-176, 0);
  });

  it('is recognised as PV from its pixels (its description names no phase)', async () => {
    const sources = readdirSync(DIR).map((name) => ({
      name,
      read: () => Promise.resolve(new Uint8Array(readFileSync(join(DIR, name)))),
    }));
    const study = await readStudy(sources);
    expect(study.skipped.map((s) => s.fileName).sort()).toEqual(['LICENSE', 'README.md']);
    expect(study.series.map((s) => s.assignment)).toEqual([{ phase: 'PV', source: 'content' }]);
  });
});
