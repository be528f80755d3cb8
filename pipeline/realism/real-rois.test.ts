import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRealRois } from './real-rois';

const study = (rois: unknown[]): unknown => ({
  studies: [{ name: 'S', folder: 'f', series: { PV: 'pv', ART: 'art' }, rois }],
});

describe('parseRealRois', () => {
  it('reads the shipped list: both studies, every ROI with a centre on a phase the study has', () => {
    const parsed = parseRealRois(JSON.parse(readFileSync(join(import.meta.dirname, 'real-rois.json'), 'utf8')));
    expect(parsed.map((s) => s.name)).toEqual(['HCC009', 'HCC048']);
    for (const s of parsed) {
      for (const tissue of ['liver', 'spleen', 'aorta', 'portal-vein']) {
        expect(s.rois.some((r) => r.tissue === tissue)).toBe(true);
      }
    }
    expect(parsed[0]?.rois.filter((r) => r.tissue === 'hcc')).toHaveLength(1);
  });

  it('keeps per-phase centres', () => {
    const [parsed] = parseRealRois(
      study([{ id: 'L1', tissue: 'liver', radiusMm: 10, centers: { PV: [1, 2, 3], ART: [0, 2, 8] } }]),
    );
    expect(parsed?.rois[0]?.centers).toEqual({ PV: [1, 2, 3], ART: [0, 2, 8] });
  });

  it('names what is wrong', () => {
    expect(() => parseRealRois(study([{ id: 'X', tissue: 'lung', radiusMm: 5, centers: {} }]))).toThrow(/"tissue"/);
    expect(() => parseRealRois(study([{ id: 'X', tissue: 'liver', radiusMm: 0, centers: {} }]))).toThrow(/radiusMm/);
    expect(() => parseRealRois(study([{ id: 'X', tissue: 'liver', radiusMm: 5, centers: { NC: [0, 0, 0] } }]))).toThrow(
      /no series/,
    );
    expect(() => parseRealRois(study([{ id: 'X', tissue: 'liver', radiusMm: 5, centers: { PV: [0, 0] } }]))).toThrow(
      /\[x, y, z\]/,
    );
    expect(() => parseRealRois({})).toThrow(/studies/);
  });
});
