/**
 * Real CT committed with the repository (testdata/real-ct: TCIA HCC-TACE-Seg, CC BY 4.0, cropped
 * and stored as JPEG-LS lossless by npm run trim-real-ct), read in Node through the page's own
 * decoder: parsed, grouped, and given its phases from the pixels, as the page does.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeCodecDecoder } from '../../../test-support/node-codecs';
import { groupSeries } from '../../core/dicom/series';
import { parseSliceMeta } from '../../core/dicom/slice-meta';
import { readStudy } from '../../core/study/read-study';
import { inflateRaw } from './decode-slice';

const ROOT = join(import.meta.dirname, '..', '..', '..', 'testdata', 'real-ct');
const decode = nodeCodecDecoder();

function sources(dir: string) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const path = join(e.parentPath, e.name);
      return { name: relative(dir, path), read: () => Promise.resolve(new Uint8Array(readFileSync(path))) };
    });
}

describe('real CT: HCC_048 portal-venous series (7 slices kept)', () => {
  const dir = join(ROOT, 'hcc048-pv');

  it('is one sorted series, JPEG-LS lossless, its README and LICENSE skipped as non-DICOM', () => {
    const parsed = readdirSync(dir).map((f) => parseSliceMeta(f, new Uint8Array(readFileSync(join(dir, f)))));
    const skipped = parsed.flatMap((p) => (p.kind === 'skipped' ? [`${p.fileName}: ${p.reason}`] : []));
    expect(skipped.sort()).toEqual(['LICENSE: not a DICOM file', 'README.md: not a DICOM file']);
    const series = groupSeries(parsed.flatMap((p) => (p.kind === 'slice' ? [p.slice] : [])));
    expect(series).toHaveLength(1);
    const only = series[0];
    expect(only?.slices).toHaveLength(7);
    expect(only?.slices.every((s) => s.transferSyntaxUid === '1.2.840.10008.1.2.4.80')).toBe(true);
    expect(only?.sliceSpacing).toBeCloseTo(2.5, 3);
    expect(only?.issues).toEqual([]);
  });

  it('is recognised as PV from its pixels (its description names no phase)', async () => {
    const study = await readStudy(sources(dir), undefined, { decode, inflate: inflateRaw });
    expect(study.skipped.map((s) => s.fileName).sort()).toEqual(['LICENSE', 'README.md']);
    expect(study.series.map((s) => s.assignment)).toEqual([{ phase: 'PV', source: 'content' }]);
    expect(study.series[0]?.pixelProblem).toBeUndefined();
  });
});

describe('real CT: HCC_009 non-contrast, arterial and portal-venous', () => {
  it('opens as NC, ART and PV, the two "LIVER 3 PHASE" series told apart by their pixels', async () => {
    const study = await readStudy(sources(join(ROOT, 'hcc009-3phase')), undefined, { decode, inflate: inflateRaw });
    const phases = Object.fromEntries(study.series.map((s) => [s.series.description, s.assignment.phase]));
    expect(phases).toEqual({
      'PRE LIVER': 'NC',
      'Recon 2: LIVER 3 PHASE (C/A/P)': 'ART',
      'LIVER 3 PHASE (C/A/P)': 'PV',
    });
    expect(study.series.map((s) => s.series.slices.length).sort()).toEqual([19, 69, 69]);
    // The public collection's one short NC file stays short, and is said to be.
    expect(study.skipped).toContainEqual({
      fileName: 'series-2-PRE-LIVER/1-20.dcm',
      reason: 'truncated (the file ends early)',
    });
  });
});
