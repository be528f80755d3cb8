/**
 * Benchmark (not a test): the ROI alignment search alone, in Node on one core, the search the
 * page runs in its workers for each phase besides the one an ROI was drawn on. A 512×512×48
 * phantom study (3 mm slices, like the demo), every lesion's PV ROI aligned to NC, ART and DL, from
 * the boxes of voxels the page reads around the ROI (averaged in-plane as it reads them);
 * each alignment timed `--runs` times (best taken: the first runs include compiling), then the
 * median over alignments, and how many landed within a voxel of the generator's truth. With the
 * real HCC009 study beside the repository (../shared/data/hcc009-3phase), its 37 ROIs from PV to
 * NC and ART too.
 *
 *   npm run bench:align [-- --runs 3] [--wide] [--margin MM --search MM]
 *
 * --margin and --search replace the viewer's context and search range (PHASE_ALIGN_OPTIONS), to
 * measure another setting with the same cases.
 */
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { errorMessage } from '../src/core/error-message';
import { patientMm, type PatientMm, type Vec3 } from '../src/core/geometry';
import { LESION_CLASSES, type Phase } from '../src/core/labels';
import { median } from '../src/core/median';
import {
  PHASE_ALIGN_OPTIONS,
  alignRoi,
  readForAlignment,
  type AlignOptions,
  type Alignment,
  type HuVolume,
} from '../src/core/roi/align';
import { readStudy, seriesByPhase } from '../src/core/study/read-study';
import { parseArgs } from './args';
import { dicomSources, loadVolume } from './dataset/study-files';
import { gridGeometry } from './phantom/grid';
import { createStudy, lesionCenter, renderPhase } from './phantom/study';
import type { Variation } from './phantom/families';

const REAL = join(import.meta.dirname, '..', '..', 'shared', 'data', 'hcc009-3phase');
const REAL_ROIS = join(import.meta.dirname, 'real-ct', 'hcc009-rois.json');

interface Case {
  readonly fixed: HuVolume;
  readonly moving: HuVolume;
  readonly center: PatientMm;
  readonly radiusMm: number;
  readonly truth?: Vec3;
}

function timed(cases: readonly Case[], runs: number, options: AlignOptions): { ms: number[]; results: Alignment[] } {
  const ms = cases.map(() => Infinity);
  const results: Alignment[] = [];
  for (let run = 0; run < runs; run++) {
    cases.forEach((c, i) => {
      // What the page hands its worker: the boxes it read around the ROI, averaged as it reads them.
      const fixed = readForAlignment(c.fixed, c.center, c.radiusMm, options, 'fixed');
      const moving = readForAlignment(c.moving, c.center, c.radiusMm, options, 'moving');
      const start = performance.now();
      results[i] = alignRoi(fixed, moving, c.center, c.radiusMm, options);
      ms[i] = Math.min(ms[i] as number, performance.now() - start);
    });
  }
  return { ms, results };
}

interface PhantomSetting {
  readonly seed: string;
  readonly studies: number;
  readonly size: number;
  readonly slices: number;
  /** Unset: drawn per study from the specification's thicknesses. */
  readonly sliceThicknessMm?: number;
  /** ROI radius ÷ the lesion's largest semi-axis: 1.1 as a reader draws, 1 as pipeline/align.test.ts. */
  readonly roiScale: number;
  /** `wide`: the rendering families the model is trained on (`npm run phantoms -- --variation wide`). */
  readonly variation?: Variation;
}

/** The demo's geometry (512×512×48, 3 mm), one study. */
const STANDARD: PhantomSetting = {
  seed: 'bench-align',
  studies: 1,
  size: 512,
  slices: 48,
  sliceThicknessMm: 3,
  roiScale: 1.1,
};

/**
 * `--wide`: 195 alignments over other sizes and slice thicknesses too, for judging a change to the
 * search by its accuracy (the standard set has 15).
 */
const WIDE: readonly PhantomSetting[] = [
  { ...STANDARD, studies: 2 },
  { ...STANDARD, seed: 'eval-a', studies: 2 },
  { ...STANDARD, seed: 'eval-b', studies: 2, size: 384, slices: 64, sliceThicknessMm: 2.5 },
  { seed: 'align', studies: 5, size: 192, slices: 32, sliceThicknessMm: 2.5, roiScale: 1 },
  { ...STANDARD, seed: 'eval-c', studies: 2, size: 256, slices: 40, sliceThicknessMm: 5 },
];

/** `--wide`, a row of its own: the training recipe's phantoms (256², every family), PV → NC and ART. */
const FAMILIES: PhantomSetting = {
  seed: 'align-wide',
  studies: 40,
  size: 256,
  slices: 48,
  roiScale: 1,
  variation: 'wide',
};

/** Every lesion's PV ROI of each study, aligned to `phases` (NC, ART and DL unless told), with the generator's truth. */
function phantomCases(setting: PhantomSetting, phases: readonly Phase[] = ['NC', 'ART', 'DL']): Case[] {
  return Array.from({ length: setting.studies }, (_, index) => {
    const study = createStudy({
      seed: setting.seed,
      index,
      labels: LESION_CLASSES,
      size: setting.size,
      slices: setting.slices,
      ...(setting.sliceThicknessMm === undefined ? {} : { sliceThicknessMm: setting.sliceThicknessMm }),
      ...(setting.variation === undefined ? {} : { variation: setting.variation }),
    });
    const geometry = gridGeometry(study.grid);
    const volume = (phase: Phase): HuVolume => ({ geometry, values: renderPhase(study, phase, { noise: true }) });
    const pv = volume('PV');
    return phases.flatMap((phase) => {
      const moving = volume(phase);
      return study.lesions.map((lesion): Case => {
        const c = lesionCenter(study, lesion, 'PV');
        const t = lesionCenter(study, lesion, phase);
        return {
          fixed: pv,
          moving,
          center: patientMm(c[0], c[1], c[2]),
          radiusMm: setting.roiScale * Math.max(...lesion.semiAxes),
          truth: [t[0] - c[0], t[1] - c[1], t[2] - c[2]],
        };
      });
    });
  }).flat();
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
  const args = parseArgs(process.argv.slice(2), {
    runs: 'number',
    wide: 'boolean',
    margin: 'number',
    search: 'number',
  });
  const runs = args.runs ?? 3;
  const options: AlignOptions = {
    ...PHASE_ALIGN_OPTIONS,
    ...(args.margin === undefined ? {} : { marginMm: args.margin }),
    ...(args.search === undefined ? {} : { searchMm: args.search }),
  };
  console.log(
    `Node ${process.version}, ${cpus()[0]?.model ?? '?'}; best of ${String(runs)} runs per alignment, one core; context ${String(options.marginMm)} mm, search ±${String(options.searchMm)} mm`,
  );
  console.log(
    '| study | alignments | median (ms) | slowest (ms) | within a voxel of the truth | within 3 mm | confident | confident but > 3 mm off | follows two known extra shifts |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  const sets: [string, Case[]][] = args.wide
    ? [
        ['phantoms, 5 settings (--wide)', WIDE.flatMap((setting) => phantomCases(setting))],
        ['training families, 256², PV → NC, ART (--wide)', phantomCases(FAMILIES, ['NC', 'ART'])],
      ]
    : [['phantom 512×512×48, 3 mm', phantomCases(STANDARD)]];
  if (existsSync(REAL)) sets.push(['HCC009 (real), PV → NC, ART', await realCases()]);
  for (const [name, cases] of sets) {
    const { ms, results } = timed(cases, runs, options);
    const within = (c: Case, i: number, tolerance: (axis: number) => number): boolean => {
      const found = results[i]?.shiftMm;
      const { truth } = c;
      return (
        truth !== undefined &&
        found !== undefined &&
        [0, 1, 2].every((a) => Math.abs((found[a] as number) - (truth[a] as number)) <= tolerance(a))
      );
    };
    const count = (test: (c: Case, i: number) => boolean): number => cases.filter(test).length;
    const truths = count((c) => c.truth !== undefined);
    const ofTruths = (n: number): string => (truths === 0 ? 'no truth' : `${String(n)}/${String(truths)}`);
    const voxel = count((c, i) => within(c, i, (a) => c.moving.geometry.spacing[a] as number));
    const near = count((c, i) => within(c, i, () => 3));
    const confident = count((_, i) => results[i]?.confident === true);
    const confidentOff = count(
      (c, i) => c.truth !== undefined && results[i]?.confident === true && !within(c, i, () => 3),
    );
    // Where nothing says where the truth is (real CT), an answer can still be checked for moving
    // with a shift added on purpose: the moving phase displaced by a known offset.
    const follows =
      truths === 0
        ? `${String(cases.filter((c, i) => followsKnownShifts(c, results[i], options)).length)}/${String(cases.length)}`
        : '–';
    console.log(
      `| ${name} | ${String(cases.length)} | ${median(ms).toFixed(0)} | ${Math.max(...ms).toFixed(0)} | ${ofTruths(voxel)} | ${ofTruths(near)} | ${String(confident)}/${String(results.length)} | ${ofTruths(confidentOff)} | ${follows} |`,
    );
  }
}

/** Extra shifts small enough that HCC009's own (18–20 mm head to foot, PV to NC) plus them stay within ±22 mm. */
const KNOWN_SHIFTS: readonly Vec3[] = [
  [4, -5, -6],
  [-5, 5, -3],
];

/** Does the answer move by each known shift (within 2 mm per axis) when the moving phase is displaced by it? */
function followsKnownShifts(c: Case, found: Alignment | undefined, options: AlignOptions): boolean {
  if (found === undefined) return false;
  return KNOWN_SHIFTS.every((shift) => {
    const { origin } = c.moving.geometry;
    const displaced: HuVolume = {
      ...c.moving,
      geometry: {
        ...c.moving.geometry,
        origin: patientMm(origin[0] + shift[0], origin[1] + shift[1], origin[2] + shift[2]),
      },
    };
    const moved = alignRoi(c.fixed, displaced, c.center, c.radiusMm, options).shiftMm;
    return [0, 1, 2].every(
      (a) => Math.abs((moved[a] as number) - (found.shiftMm[a] as number) - (shift[a] as number)) <= 2,
    );
  });
}

main().catch((error: unknown) => {
  console.error(errorMessage(error));
  process.exit(1);
});
