/**
 * Benchmark (not a test): the ROI alignment search alone, in Node on one core, the search the
 * page runs in its workers for each phase besides the one an ROI was drawn on. A 512×512×48
 * phantom study (3 mm slices, like the demo), every lesion's PV ROI aligned to NC, ART and DL;
 * each alignment timed `--runs` times (best taken: the first runs include compiling), then the
 * median over alignments, and how many landed within a voxel of the generator's truth. With the
 * real HCC009 study beside the repository (../shared/data/hcc009-3phase), its 37 ROIs from PV to
 * NC and ART too.
 *
 *   npm run bench:align [-- --runs 3]
 */
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { errorMessage } from '../src/core/error-message';
import { patientMm, type PatientMm, type Vec3 } from '../src/core/geometry';
import { LESION_CLASSES, type Phase } from '../src/core/labels';
import { median } from '../src/core/median';
import { PHASE_ALIGN_OPTIONS, alignRoi, type Alignment, type HuVolume } from '../src/core/roi/align';
import { readStudy, seriesByPhase } from '../src/core/study/read-study';
import { parseArgs } from './args';
import { dicomSources, loadVolume } from './dataset/study-files';
import { gridGeometry } from './phantom/grid';
import { createStudy, lesionCenter, renderPhase } from './phantom/study';

const REAL = join(import.meta.dirname, '..', '..', 'shared', 'data', 'hcc009-3phase');
const REAL_ROIS = join(import.meta.dirname, 'real-ct', 'hcc009-rois.json');

interface Case {
  readonly fixed: HuVolume;
  readonly moving: HuVolume;
  readonly center: PatientMm;
  readonly radiusMm: number;
  readonly truth?: Vec3;
}

function timed(cases: readonly Case[], runs: number): { ms: number[]; results: Alignment[] } {
  const ms = cases.map(() => Infinity);
  const results: Alignment[] = [];
  for (let run = 0; run < runs; run++) {
    cases.forEach((c, i) => {
      const start = performance.now();
      results[i] = alignRoi(c.fixed, c.moving, c.center, c.radiusMm, PHASE_ALIGN_OPTIONS);
      ms[i] = Math.min(ms[i] as number, performance.now() - start);
    });
  }
  return { ms, results };
}

function phantomCases(): Case[] {
  const study = createStudy({
    seed: 'bench-align',
    index: 0,
    labels: LESION_CLASSES,
    size: 512,
    slices: 48,
    sliceThicknessMm: 3,
  });
  const geometry = gridGeometry(study.grid);
  const volume = (phase: Phase): HuVolume => ({ geometry, values: renderPhase(study, phase, { noise: true }) });
  const pv = volume('PV');
  return (['NC', 'ART', 'DL'] as const).flatMap((phase) => {
    const moving = volume(phase);
    return study.lesions.map((lesion): Case => {
      const c = lesionCenter(study, lesion, 'PV');
      const t = lesionCenter(study, lesion, phase);
      return {
        fixed: pv,
        moving,
        center: patientMm(c[0], c[1], c[2]),
        radiusMm: 1.1 * Math.max(...lesion.semiAxes),
        truth: [t[0] - c[0], t[1] - c[1], t[2] - c[2]],
      };
    });
  });
}

async function realCases(): Promise<Case[]> {
  const read = await readStudy(await dicomSources(REAL));
  const byPhase = seriesByPhase(read.series, new Map());
  const volume = async (phase: Phase): Promise<HuVolume> => {
    const entry = byPhase[phase];
    if (entry === undefined) throw new Error(`HCC009 has no ${phase} series`);
    return (await loadVolume(entry, read.files)).volume;
  };
  const pv = await volume('PV');
  const targets = [await volume('NC'), await volume('ART')];
  const rois = JSON.parse(readFileSync(REAL_ROIS, 'utf8')) as {
    lesions: { center: [number, number, number]; radiusMm: number }[];
    normalRois: { center: [number, number, number]; radiusMm: number }[];
  };
  return [...rois.lesions, ...rois.normalRois].flatMap((roi) =>
    targets.map((moving): Case => ({ fixed: pv, moving, center: patientMm(...roi.center), radiusMm: roi.radiusMm })),
  );
}

async function main(): Promise<void> {
  const runs = parseArgs(process.argv.slice(2), { runs: 'number' }).runs ?? 3;
  console.log(
    `Node ${process.version}, ${cpus()[0]?.model ?? '?'}; best of ${String(runs)} runs per alignment, one core`,
  );
  console.log('| study | alignments | median (ms) | slowest (ms) | within a voxel of the truth | confident |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  const sets: [string, Case[]][] = [['phantom 512×512×48, 3 mm', phantomCases()]];
  if (existsSync(REAL)) sets.push(['HCC009 (real), PV → NC, ART', await realCases()]);
  for (const [name, cases] of sets) {
    const { ms, results } = timed(cases, runs);
    const hits = cases.filter((c, i) => {
      const found = results[i]?.shiftMm;
      const spacing = c.moving.geometry.spacing;
      return (
        c.truth !== undefined &&
        found !== undefined &&
        [0, 1, 2].every((a) => Math.abs((found[a] as number) - (c.truth?.[a] as number)) <= (spacing[a] as number))
      );
    }).length;
    const truths = cases.filter((c) => c.truth !== undefined).length;
    console.log(
      `| ${name} | ${String(cases.length)} | ${median(ms).toFixed(0)} | ${Math.max(...ms).toFixed(0)} | ${truths === 0 ? 'no truth' : `${String(hits)}/${String(truths)}`} | ${String(results.filter((r) => r.confident).length)}/${String(results.length)} |`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(errorMessage(error));
  process.exit(1);
});
