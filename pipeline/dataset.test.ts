/**
 * The dataset builder on generated studies: patches cut by src/core (alignment from the
 * annotated phase, crop), splits by study, several jittered samples per training lesion, the same
 * bytes for the same seed, and clear problems for unusable studies.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildDataset,
  INTERIOR_RADIUS_SHARE,
  splitStudies,
  studySamples,
  summary,
  type DatasetOptions,
} from './dataset/build';
import { MODEL_PHASES } from '../src/core/labels';
import { defaultCropSpec } from './dataset/spec';
import { generateStudies } from './phantom/generate';

const root = mkdtempSync(join(tmpdir(), 'dataset-'));
const studies = join(root, 'studies');
const options: DatasetOptions = {
  phases: MODEL_PHASES,
  spec: defaultCropSpec(32),
  seed: 'dataset-test',
  samplesPerLesion: 3,
  split: [60, 20, 20],
  phaseCenters: 'align',
  normalTissue: true,
};

beforeAll(async () => {
  await generateStudies({
    outDir: studies,
    seed: 'dataset-test',
    classes: ['CYST', 'FNH', 'HCC', 'HEM', 'METS'],
    studies: 5,
    size: 128,
    slices: 16,
    workers: 2,
  });
}, 120_000);
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('dataset builder', () => {
  it('cuts NC/ART/PV patches for every lesion, splits by study, and is deterministic', async () => {
    const first = await buildDataset(studies, options);
    const again = await buildDataset(studies, options);
    expect(first.problems).toEqual([]);
    const files = readdirSync(studies).map((s) => ({
      study: s,
      file: JSON.parse(readFileSync(join(studies, s, 'annotations.json'), 'utf8')) as {
        lesions: { id: string; label: string }[];
        normalRois: { id: string; tissue: string }[];
      },
    }));
    const truth = files.flatMap(({ study, file }) => [
      ...file.lesions.map((l) => `${study}/${l.id}/${l.label}`),
      ...file.normalRois.map((n) => `${study}/${n.id}/NONE/${n.tissue}`),
    ]);
    expect(
      new Set(
        first.records.map((r) => `${r.study}/${r.lesion}/${r.label}${r.tissue === undefined ? '' : `/${r.tissue}`}`),
      ),
    ).toEqual(new Set(truth));
    for (const r of first.records) {
      const sameStudy = first.records.filter((o) => o.study === r.study);
      expect(new Set(sameStudy.map((o) => o.split))).toEqual(new Set([r.split]));
      expect(r.origins.PV).toBe('drawn');
      expect(r.roiMeans).toHaveLength(3);
      // Normal-tissue ROIs are cut where the generator says each phase shows them.
      if (r.label === 'NONE') expect([r.origins.NC, r.origins.ART]).toEqual(['file', 'file']);
    }
    const lesions = first.records.filter((r) => r.label !== 'NONE');
    const perLesion = (split: string) =>
      lesions.filter((r) => r.split === split).length /
      new Set(lesions.filter((r) => r.split === split).map((r) => `${r.study}/${r.lesion}`)).size;
    expect(perLesion('train')).toBe(3);
    expect(first.crops.every((c) => c.length === 3 * 32 * 32)).toBe(true);
    expect(Buffer.concat(again.crops).equals(Buffer.concat(first.crops))).toBe(true);
    // Jittered samples differ from the annotated one; the annotated one is first.
    const train = first.records.findIndex((r) => r.split === 'train');
    expect(Buffer.from(first.crops[train] ?? []).equals(Buffer.from(first.crops[train + 1] ?? []))).toBe(false);
    expect(summary(first.records)).toHaveLength(6);
    expect(summary(first.records)[5]).toMatch(/^NONE: 15 normal-tissue ROIs/);
  });

  it("takes the file's per-phase centres when asked (as the viewer loads them), and aligns otherwise", async () => {
    const [name] = readdirSync(studies).sort();
    const dir = join(studies, name ?? '');
    const file = JSON.parse(readFileSync(join(dir, 'annotations.json'), 'utf8')) as {
      lesions: { id: string; center: number[]; phaseCenters: Record<string, number[]> }[];
    };
    const lesionsOnly = { ...options, normalTissue: false };
    const fromFile = await studySamples(dir, 's', 'test', { ...lesionsOnly, phaseCenters: 'file' });
    const aligned = await studySamples(dir, 's', 'test', lesionsOnly);
    for (const [i, record] of fromFile.records.entries()) {
      const lesion = file.lesions.find((l) => l.id === record.lesion);
      expect(record.origins).toEqual({ NC: 'file', ART: 'file', PV: 'drawn' });
      for (const phase of ['NC', 'ART'] as const) {
        (record.centers[phase] ?? []).forEach((v, a) => {
          expect(v).toBeCloseTo(lesion?.phaseCenters[phase]?.[a] ?? Number.NaN, 6);
        });
      }
      expect(aligned.records[i]?.origins.ART).not.toBe('file');
    }
  });

  it('adds one ROI inside each large training lesion when asked, and leaves the other samples as they were', async () => {
    const plain = await buildDataset(studies, options);
    const withInterior = await buildDataset(studies, { ...options, interiorRoiFromMm: 20 });
    const interior = withInterior.records.filter((r) => r.roi === 'interior');
    const large = plain.records.filter(
      (r, n) =>
        r.split === 'train' &&
        r.label !== 'NONE' &&
        plain.records.findIndex((o) => o.study === r.study && o.lesion === r.lesion) === n &&
        2 * r.radiusMm >= 20,
    );
    expect(interior.length).toBe(large.length);
    expect(interior.length).toBeGreaterThan(0);
    for (const record of interior) {
      const annotated = large.find((l) => l.study === record.study && l.lesion === record.lesion);
      expect(annotated).toBeDefined();
      if (annotated === undefined) continue;
      expect(record.radiusMm / annotated.radiusMm).toBeGreaterThanOrEqual(INTERIOR_RADIUS_SHARE[0]);
      expect(record.radiusMm / annotated.radiusMm).toBeLessThanOrEqual(INTERIOR_RADIUS_SHARE[1]);
      // Inside the lesion: the whole ROI disc lies within the lesion's radius on the annotated phase.
      const a = annotated.centers.PV ?? [];
      const c = record.centers.PV ?? [];
      expect(Math.hypot((c[0] ?? 0) - (a[0] ?? 0), (c[1] ?? 0) - (a[1] ?? 0)) + record.radiusMm).toBeLessThan(
        annotated.radiusMm,
      );
    }
    const kept = withInterior.records.flatMap((r, n) => (r.roi === 'interior' ? [] : [n]));
    expect(kept.map((n) => withInterior.records[n])).toEqual(plain.records);
    expect(kept.map((n) => withInterior.crops[n])).toEqual(plain.crops);
  });

  it('splits studies 60/20/20 by a seeded shuffle', () => {
    const names = Array.from({ length: 50 }, (_, i) => `s${String(i)}`);
    const split = splitStudies(names, 'x', [60, 20, 20]);
    const count = (s: string) => [...split.values()].filter((v) => v === s).length;
    expect([count('train'), count('val'), count('test')]).toEqual([30, 10, 10]);
    expect(splitStudies(names, 'x', [60, 20, 20])).toEqual(split);
    expect(splitStudies(names, 'y', [60, 20, 20])).not.toEqual(split);
  });

  it('reports a study without a needed phase and a lesion outside the volume, and goes on', async () => {
    const broken = join(root, 'broken');
    cpSync(join(studies, 'study-0000'), join(broken, 'no-art'), { recursive: true });
    const noArt = join(broken, 'no-art');
    const annotations = JSON.parse(readFileSync(join(noArt, 'annotations.json'), 'utf8')) as {
      generator: { seriesPhases: Record<string, string> };
    };
    const artUid = Object.entries(annotations.generator.seriesPhases).find(([, p]) => p === 'ART')?.[0];
    for (const dir of readdirSync(noArt)) {
      if (dir === 'annotations.json') continue;
      const first = readdirSync(join(noArt, dir))[0] as string;
      if (readFileSync(join(noArt, dir, first)).includes(Buffer.from(artUid ?? '?')))
        rmSync(join(noArt, dir), { recursive: true });
    }
    cpSync(join(studies, 'study-0001'), join(broken, 'outside'), { recursive: true });
    const path = join(broken, 'outside', 'annotations.json');
    const outside = JSON.parse(readFileSync(path, 'utf8')) as { lesions: { center: number[] }[] };
    const lesion = outside.lesions[0];
    if (lesion) lesion.center = [900, 900, 900];
    writeFileSync(path, JSON.stringify(outside));
    const result = await buildDataset(broken, options);
    expect(result.records).toEqual([]);
    expect(result.problems.map((p) => p.study).sort()).toEqual(['no-art', 'outside']);
    expect(result.problems.find((p) => p.study === 'no-art')?.message).toMatch(/no ART series/);
    expect(result.problems.find((p) => p.study === 'outside')?.message).toMatch(/lesion L1 lies outside the PV volume/);
  });
});
