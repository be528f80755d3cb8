/**
 * Benchmark (not a test): the performance goals in one table, from one run on one machine. Builds
 * the app once, then runs bench:inference (WASM on the app's thread count and on one thread per
 * core), bench:large-study and bench:runtimes one after another (each prints its own table as it
 * goes), and prints each figure beside its goal.
 *
 *   npm run bench:summary [-- --rounds 3 --race-rounds 20]
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { errorMessage } from '../src/core/error-message';
import { parseArgs } from './args';

const OUT = join('test-results', 'bench-summary');

interface InferenceRun {
  label: string;
  threads: string;
  cold: number;
  inference: number;
  release: number;
  aligning: number;
  explain: number;
}

interface LargeStudy {
  rawMiB: number;
  firstImageMs: number | null;
  allPhasesMs: number;
  residentPeakOverFiles: number;
}

interface RaceRun {
  name: string;
  tfjsThreads: number;
  tfjs: Record<'1' | '8', number>;
  ort: Record<'1' | '8', number>;
}

function run(script: string, args: readonly string[]): void {
  execFileSync('npx', ['tsx', join('pipeline', script), ...args], { stdio: 'inherit' });
}

const read = (name: string): unknown => JSON.parse(readFileSync(join(OUT, name), 'utf8'));
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const ms = (value: number) => `${value.toFixed(0)} ms`;
const times = (value: number) => `${value.toFixed(2)}×`;

function main(): void {
  const args = parseArgs(process.argv.slice(2), { rounds: 'number', 'race-rounds': 'number' });
  const rounds = String(args.rounds ?? 3);
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const started = new Date().toISOString().slice(0, 16).replace('T', ' ');
  run('bench-inference.ts', [
    '--backends',
    'wasm',
    '--rounds',
    rounds,
    '--draws',
    '3',
    '--no-build',
    '--json',
    join(OUT, 'inference.json'),
  ]);
  run('bench-large-study.ts', ['--no-build', '--json', join(OUT, 'large-study.json')]);
  run('bench-runtimes.ts', ['--rounds', String(args['race-rounds'] ?? 20), '--json', join(OUT, 'runtimes.json')]);

  const inference = read('inference.json') as InferenceRun[];
  const large = read('large-study.json') as LargeStudy;
  const race = read('runtimes.json') as RaceRun[];
  const app = inference[0];
  const perCore = inference[1];
  if (app === undefined) throw new Error('bench:inference gave no WASM figures');

  const rows: [string, string, string, boolean | null][] = [
    ['ROI release → probabilities (WASM, threads as the app picks)', '≤ 300 ms', ms(app.release), app.release <= 300],
    [
      "of which aligning the model's other phases (NC, ART; DL is aligned after them)",
      '≤ 100 ms',
      ms(app.aligning),
      app.aligning <= 100,
    ],
    ['model ready after navigation (cold start)', '', seconds(app.cold), null],
    [`inference, ${app.threads} thread(s) as the app picks`, '', ms(app.inference), null],
  ];
  // Where the app already takes one thread per core, the second run is the same configuration again.
  if (perCore !== undefined && perCore.threads !== app.threads)
    rows.push(
      [`inference, ${perCore.threads} threads ÷ ${app.threads}`, '', times(perCore.inference / app.inference), null],
      [
        `explanation (151 passes), ${perCore.threads} threads ÷ ${app.threads}`,
        '',
        `${times(perCore.explain / app.explain)} (${seconds(perCore.explain)} against ${seconds(app.explain)})`,
        null,
      ],
    );
  rows.push(
    [
      `large study (${large.rawMiB.toFixed(0)} MiB): first image`,
      '≤ 1 s',
      large.firstImageMs === null ? 'never' : seconds(large.firstImageMs),
      large.firstImageMs !== null && large.firstImageMs <= 1000,
    ],
    ['large study: all four phases on screen', '≤ 3 s', seconds(large.allPhasesMs), large.allPhasesMs <= 3000],
    [
      'large study: resident memory peak ÷ the files',
      '≤ 0.3×',
      times(large.residentPeakOverFiles),
      large.residentPeakOverFiles <= 0.3,
    ],
  );
  for (const r of race)
    for (const batch of ['1', '8'] as const)
      rows.push([
        `tfjs ÷ onnxruntime-web, ${r.name} (tfjs ${String(r.tfjsThreads)}), batch ${batch}`,
        '≤ 1.0×',
        `${times(r.tfjs[batch] / r.ort[batch])} (${r.tfjs[batch].toFixed(1)} / ${r.ort[batch].toFixed(1)} ms)`,
        r.tfjs[batch] <= r.ort[batch],
      ]);
  rows.push(['real GPU (WebGPU, WebGL)', 'inference ≤ 10 ms', 'not measured: no GPU on this machine', null]);

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `\nSummary: ${String(cpus().length)} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, headless Chromium; one run started ${started} UTC`,
  );
  console.log('| figure | goal | measured | goal met |');
  console.log('| --- | --- | --- | --- |');
  for (const [figure, goal, measured, met] of rows)
    console.log(`| ${figure} | ${goal} | ${measured} | ${met === null ? '' : met ? 'yes' : 'no'} |`);
}

try {
  main();
} catch (error) {
  console.error(errorMessage(error));
  process.exit(1);
}
