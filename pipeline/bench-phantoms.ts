/**
 * Benchmark (not a test): time to generate a 4-phase 512×512×48 phantom study, end to end
 * (render, quantise, DICOM encode, write), on worker threads and on one thread, side by side in
 * one run; then where one thread spends its time, and the lesion sizes placement produces.
 * Prints medians and the ratio.
 *
 *   npm run bench:phantoms [-- --runs 3 --slices 48]
 */
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LESION_CLASSES, PHASES, type LesionClass } from '../src/core/labels';
import { parseArgs } from './args';
import { seriesFiles, toStored } from './phantom/dicom';
import { generateStudies } from './phantom/generate';
import { LESION_DIAMETER_MM } from './phantom/spec';
import { createStudy, renderPhase } from './phantom/study';
import { errorMessage } from '../src/core/error-message';

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { runs: 'number', slices: 'number' });
  const runs = args.runs ?? 3;
  const slices = args.slices ?? 48;
  const workers = Math.min(4, availableParallelism());
  const root = await mkdtemp(join(tmpdir(), 'bench-phantoms-'));
  console.log(
    `machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}`,
  );
  console.log(`study: 4 phases × 512×512×${slices}, 5 lesions; ${runs} runs each, alternating\n`);
  const timings: Record<'workers' | 'one thread', number[]> = { workers: [], 'one thread': [] };
  try {
    for (let run = 0; run < runs; run++) {
      for (const [label, count] of [
        ['workers', workers],
        ['one thread', 1],
      ] as const) {
        const started = performance.now();
        await generateStudies({
          outDir: join(root, `${label}-${run}`),
          seed: 'bench',
          classes: LESION_CLASSES,
          plans: [LESION_CLASSES],
          firstIndex: run,
          size: 512,
          slices,
          workers: count,
        });
        timings[label].push((performance.now() - started) / 1000);
      }
    }
    const onWorkers = median(timings.workers);
    const oneThread = median(timings['one thread']);
    console.log(
      `seconds per study, ${workers} workers : median ${onWorkers.toFixed(2)}  (${timings.workers.map((t) => t.toFixed(2)).join(', ')})`,
    );
    console.log(
      `seconds per study, one thread: median ${oneThread.toFixed(2)}  (${timings['one thread'].map((t) => t.toFixed(2)).join(', ')})`,
    );
    console.log(`speed-up from workers: ${(oneThread / onWorkers).toFixed(2)}×\n`);

    // Where the time goes, one phase at a time, in this thread.
    const study = createStudy({ seed: 'bench', index: 0, labels: LESION_CLASSES, size: 512, slices });
    const stages: Record<string, number[]> = { render: [], quantise: [], 'DICOM encode': [], 'file write': [] };
    const dir = join(root, 'stages');
    await mkdir(dir, { recursive: true });
    for (const phase of PHASES) {
      let t = performance.now();
      const lap = (stage: string): void => {
        const now = performance.now();
        stages[stage]?.push(now - t);
        t = now;
      };
      const hu = renderPhase(study, phase);
      lap('render');
      const stored = toStored(hu, study.header.rescaleIntercept);
      lap('quantise');
      const series = study.series.find((s) => s.phase === phase);
      if (series === undefined) throw new Error(`no ${phase} series`);
      const files = [...seriesFiles(study.header, series, study.grid, stored)];
      lap('DICOM encode');
      for (const [name, bytes] of files) await writeFile(join(dir, `${phase}-${name}`), bytes);
      lap('file write');
    }
    for (const [stage, values] of Object.entries(stages)) {
      console.log(`${stage.padEnd(13)} median ${median(values).toFixed(0).padStart(5)} ms per phase`);
    }
    reportLesionSizes(slices);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/**
 * Placement redraws lesions that do not fit the liver or the scanned range smaller; this shows
 * how far that moves each class's mean diameter from the uniform draw's midpoint.
 */
function reportLesionSizes(slices: number): void {
  const studies = 200;
  const diameters = new Map<LesionClass, number[]>();
  for (let index = 0; index < studies; index++) {
    const labels = [LESION_CLASSES[index % 5], LESION_CLASSES[(index + 2) % 5], 'METS'] as LesionClass[];
    const study = createStudy({ seed: 'sizes', index, labels, size: 64, slices });
    for (const lesion of study.lesions)
      diameters.set(lesion.label, [...(diameters.get(lesion.label) ?? []), lesion.diameterMm]);
  }
  console.log(
    `\nmean lesion diameter after placement, ${studies} studies of ${slices} slices (uniform draw's midpoint):`,
  );
  for (const label of LESION_CLASSES) {
    const values = diameters.get(label) ?? [];
    const [low, high] = LESION_DIAMETER_MM[label];
    const mean = values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length);
    console.log(
      `${label.padEnd(5)} ${mean.toFixed(1).padStart(5)} mm  (${((low + high) / 2).toFixed(1)} mm), n = ${values.length}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(`bench-phantoms: ${errorMessage(error)}`);
  process.exit(1);
});
