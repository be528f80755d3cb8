/**
 * Phase detection (src/core) on generated studies read back from DICOM: with every header cue,
 * and from image content alone (descriptions and timing stripped), over 48 studies.
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { groupSeries, type Series } from '../src/core/dicom/series';
import { parseSliceMeta, type SliceMeta } from '../src/core/dicom/slice-meta';
import { assignPhases, type SeriesPhaseInput } from '../src/core/phase/assign-phases';
import { phaseInput } from '../src/core/study/read-study';
import type { Phase } from '../src/core/labels';
import { generateStudies } from './phantom/generate';
import { listFiles } from './read-dicom';

const STUDIES = 48;
const root = mkdtempSync(join(tmpdir(), 'phase-detection-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

interface StudyCase {
  readonly name: string;
  readonly truth: Readonly<Record<string, Phase>>;
  readonly headerCues: string;
  readonly series: readonly Series[];
  readonly bytes: ReadonlyMap<string, Uint8Array>;
}

async function loadCases(): Promise<StudyCase[]> {
  const { studies } = await generateStudies({
    outDir: root,
    seed: 'phase-detection',
    classes: ['CYST', 'FNH', 'HCC', 'HEM', 'METS'],
    studies: STUDIES,
    size: 128,
    slices: 12,
    workers: 2,
  });
  return Promise.all(
    studies.map(async (study) => {
      const dir = join(root, study.name);
      const annotations = JSON.parse(readFileSync(join(dir, 'annotations.json'), 'utf8')) as {
        generator: { seriesPhases: Record<string, Phase>; headerCues: string };
      };
      const bytes = new Map<string, Uint8Array>();
      const slices: SliceMeta[] = [];
      for (const path of await listFiles(dir)) {
        const data = new Uint8Array(readFileSync(path));
        const parsed = parseSliceMeta(path, data);
        if (parsed.kind !== 'slice') throw new Error(`${path}: ${parsed.reason}`);
        bytes.set(path, data);
        slices.push(parsed.slice);
      }
      return {
        name: study.name,
        truth: annotations.generator.seriesPhases,
        headerCues: annotations.generator.headerCues,
        series: groupSeries(slices),
        bytes,
      };
    }),
  );
}

async function inputs(c: StudyCase, headers: boolean): Promise<SeriesPhaseInput[]> {
  const files = new Map(
    [...c.bytes].map(([name, bytes]) => [name, { name, read: () => Promise.resolve(bytes) }] as const),
  );
  return Promise.all(
    c.series.map(async (series) => {
      const input = await phaseInput(series, files);
      return headers
        ? input
        : {
            ...input,
            description: 'Abdomen',
            acquisitionTime: undefined,
            contrastBolusAgent: undefined,
            contrastBolusStartTime: undefined,
          };
    }),
  );
}

async function share(
  cases: readonly StudyCase[],
  headers: boolean,
): Promise<{ correct: number; total: number; wrong: string[] }> {
  let correct = 0;
  let total = 0;
  const wrong: string[] = [];
  for (const c of cases) {
    const assigned = assignPhases(await inputs(c, headers));
    c.series.forEach((series, i) => {
      total++;
      const truth = c.truth[series.seriesInstanceUid];
      if (assigned[i]?.phase === truth) correct++;
      else
        wrong.push(
          `${c.name} (${c.headerCues}) ${truth ?? '?'} → ${assigned[i]?.phase ?? '?'} by ${assigned[i]?.source ?? '?'}`,
        );
    });
  }
  return { correct, total, wrong };
}

describe(`phase detection on ${STUDIES} generated studies`, () => {
  let cases: StudyCase[] = [];

  it('groups each study into four sorted series', async () => {
    cases = await loadCases();
    expect(cases).toHaveLength(STUDIES);
    for (const c of cases) {
      expect(c.series).toHaveLength(4);
      for (const series of c.series) {
        expect(series.issues).toEqual([]);
        const z = series.slices.map((s) => s.imagePositionPatient?.[2] ?? Number.NaN);
        expect(z).toEqual([...z].sort((a, b) => a - b));
      }
    }
  });

  it('assigns phases with every header cue (descriptions, timing, content as fallback)', async () => {
    const { correct, total, wrong } = await share(cases, true);
    console.log(
      `phase detection, all cues: ${correct}/${total} series correct (${((100 * correct) / total).toFixed(1)} %)`,
    );
    expect(wrong).toEqual([]);
  });

  it('assigns phases from image content alone', async () => {
    const { correct, total, wrong } = await share(cases, false);
    console.log(
      `phase detection, content only: ${correct}/${total} series correct (${((100 * correct) / total).toFixed(1)} %)`,
    );
    if (wrong.length > 0) console.log(wrong.join('\n'));
    expect(correct / total).toBeGreaterThanOrEqual(0.95);
  });
});
