/**
 * Benchmark (not a test): the shipped model in tfjs (our hand-exported graph model, the runtime the
 * app ships) against the same network and weights in onnxruntime-web, side by side in one
 * headless Chromium page, same input, same thread count, same warm-up. Runs on WASM (SIMD):
 * single-threaded in a plain page, then with 1 and N threads in a cross-origin-isolated page
 * (COOP/COEP), N being the machine's cores. Prints, per configuration, the load time, the median
 * inference at batch 1 and 8, the ratio tfjs ÷ ORT, and the largest difference between the two
 * runtimes' probabilities (they must agree to 1e-3, or the run fails).
 *
 *   npm run bench:runtimes [-- --rounds 30 --model public/models/ID]
 *
 * The ONNX copy is written by training/export_onnx.py (Debian's PyTorch) into the ignored
 * test-results/bench-runtimes/ and rewritten when the model folder changes. onnxruntime-web is a
 * benchmark dependency only: the app ships tfjs.
 */
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config';
import { ISOLATION_HEADERS } from '../config/csp';
import { errorMessage } from '../src/core/error-message';
import { serve, type StaticSite } from '../test-support/browser/static-server';
import { parseArgs } from './args';
import { writeBenchJson } from './bench-json';

const ROOT = join(import.meta.dirname, '..');
const MODULES = join(ROOT, 'node_modules');
const PLAIN_PORT = 4191;
const ISOLATED_PORT = 4192;
const AGREEMENT = 1e-3;

/** Runs in the page (a file of the site, since the page's CSP allows no inline script). */
const RACE_SCRIPT = `
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

window.race = async ({ threads, rounds, input, size, classes }) => {
  const batchInput = (batch) => {
    const data = new Float32Array(batch * input.length);
    for (let b = 0; b < batch; b++) data.set(input, b * input.length);
    return data;
  };
  const shape = (batch) => [batch, size[0], size[1], 3];

  let start = performance.now();
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', threads > 1);
  tf.wasm.setThreadsCount(threads);
  tf.wasm.setWasmPaths('/tfjs-wasm/');
  // tfjs-wasm caps its pool at navigator.hardwareConcurrency / 2, read once as the module starts
  // (it assumes two hardware threads per core); report twice the threads wanted until it has.
  Object.defineProperty(navigator, 'hardwareConcurrency', { value: 2 * threads, configurable: true });
  const started = await tf.setBackend('wasm');
  delete navigator.hardwareConcurrency;
  if (!started) throw new Error('tfjs: the wasm backend did not start');
  const model = await tf.loadGraphModel('/model/model.json');
  const tfjsRun = async (batch) => {
    const x = tf.tensor4d(batchInput(batch), shape(batch));
    const y = model.execute(x);
    const out = await y.data();
    x.dispose();
    y.dispose();
    return out;
  };
  const tfjsFirst = await tfjsRun(1);
  const tfjsLoad = performance.now() - start;

  start = performance.now();
  ort.env.wasm.numThreads = threads;
  ort.env.wasm.wasmPaths = '/ort/';
  const session = await ort.InferenceSession.create('/model.onnx', { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  const ortRun = async (batch) => {
    const result = await session.run({ input: new ort.Tensor('float32', batchInput(batch), shape(batch)) });
    return result.probabilities.data;
  };
  const ortFirst = await ortRun(1);
  const ortLoad = performance.now() - start;

  let difference = 0;
  for (let c = 0; c < classes; c++) difference = Math.max(difference, Math.abs(tfjsFirst[c] - ortFirst[c]));

  const timings = { tfjs: { 1: [], 8: [] }, ort: { 1: [], 8: [] } };
  const time = async (name, run, batch) => {
    const t0 = performance.now();
    await run(batch);
    timings[name][batch].push(performance.now() - t0);
  };
  for (const batch of [1, 8]) {
    for (let w = 0; w < 3; w++) {
      await tfjsRun(batch);
      await ortRun(batch);
    }
    const runs = batch === 1 ? rounds : Math.max(5, Math.round(rounds / 4));
    // Alternate which runtime goes first, so neither always runs on a cooler cache.
    for (let r = 0; r < runs; r++) {
      if (r % 2 === 0) {
        await time('tfjs', tfjsRun, batch);
        await time('ort', ortRun, batch);
      } else {
        await time('ort', ortRun, batch);
        await time('tfjs', tfjsRun, batch);
      }
    }
  }
  return {
    isolated: crossOriginIsolated,
    tfjsThreads: tf.wasm.getThreadsCount(),
    tfjsLoad,
    ortLoad,
    difference,
    tfjs: { 1: median(timings.tfjs[1]), 8: median(timings.tfjs[8]) },
    ort: { 1: median(timings.ort[1]), 8: median(timings.ort[8]) },
  };
};
`;

const RACE_PAGE = `<!doctype html>
<meta charset="utf-8">
<title>runtime race</title>
<script src="/tf-core.js"></script>
<script src="/tf-converter.js"></script>
<script src="/tf-backend-wasm.js"></script>
<script src="/ort.js"></script>
<script src="/race.js"></script>
`;

interface RaceResult {
  isolated: boolean;
  tfjsThreads: number;
  tfjsLoad: number;
  ortLoad: number;
  difference: number;
  tfjs: Record<1 | 8, number>;
  ort: Record<1 | 8, number>;
}

interface Manifest {
  inputSize: [number, number];
  normalization: { mean: [number, number, number]; std: [number, number, number] };
  classes: string[];
  noLesionOutput?: string;
}

interface Parity {
  crop: number[][][];
}

function newestChange(dir: string): number {
  return Math.max(...readdirSync(dir).map((name) => statSync(join(dir, name)).mtimeMs));
}

/** The ONNX copy of `modelDir`, exported again when the folder is newer than it. */
function onnxCopy(modelDir: string): string {
  const out = join(ROOT, 'test-results', 'bench-runtimes', `${basename(modelDir)}.onnx`);
  if (!existsSync(out) || statSync(out).mtimeMs < newestChange(modelDir)) {
    execFileSync('/usr/bin/python3', [join(ROOT, 'training', 'export_onnx.py'), '--model', modelDir, '--out', out], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  }
  return out;
}

function buildSite(modelDir: string, onnx: string): string {
  const root = mkdtempSync(join(tmpdir(), 'llv-race-'));
  const copy = (from: string, to: string) => {
    mkdirSync(join(root, to, '..'), { recursive: true });
    copyFileSync(from, join(root, to));
  };
  copy(join(MODULES, '@tensorflow/tfjs-core/dist/tf-core.min.js'), 'tf-core.js');
  copy(join(MODULES, '@tensorflow/tfjs-converter/dist/tf-converter.min.js'), 'tf-converter.js');
  copy(join(MODULES, '@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.min.js'), 'tf-backend-wasm.js');
  for (const wasm of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'])
    copy(join(MODULES, '@tensorflow/tfjs-backend-wasm/dist', wasm), join('tfjs-wasm', wasm));
  copy(join(MODULES, 'onnxruntime-web/dist/ort.wasm.min.js'), 'ort.js');
  for (const file of ['ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm'])
    copy(join(MODULES, 'onnxruntime-web/dist', file), join('ort', file));
  cpSync(modelDir, join(root, 'model'), { recursive: true });
  copy(onnx, 'model.onnx');
  writeFileSync(join(root, 'race.js'), RACE_SCRIPT);
  writeFileSync(join(root, 'index.html'), RACE_PAGE);
  return root;
}

/** The parity sample's crop, normalised as the app does, NHWC: the same input for both runtimes. */
function raceInput(manifest: Manifest, parity: Parity): number[] {
  const [height, width] = manifest.inputSize;
  const { mean, std } = manifest.normalization;
  const input: number[] = [];
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < 3; c++) {
        const byte = parity.crop[c]?.[y]?.[x];
        if (byte === undefined) throw new Error(`parity crop is smaller than ${String(height)}×${String(width)}`);
        input.push((byte - (mean[c] as number)) / (std[c] as number));
      }
  return input;
}

async function race(
  browser: Browser,
  site: StaticSite,
  threads: number,
  rounds: number,
  manifest: Manifest,
  input: number[],
): Promise<RaceResult> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  try {
    await page.goto(site.origin);
    const outputs = manifest.classes.length + (manifest.noLesionOutput === undefined ? 0 : 1);
    return await page.evaluate(
      (config) => (globalThis as unknown as { race(c: typeof config): Promise<RaceResult> }).race(config),
      { threads, rounds, input, size: manifest.inputSize, classes: outputs },
    );
  } catch (error) {
    throw new Error(
      `race at ${String(threads)} thread(s) on ${site.origin} failed: ${errorMessage(error)} ${problems.join('; ')}`,
      { cause: error },
    );
  } finally {
    await page.close();
  }
}

const ms = (value: number) => value.toFixed(1);
const ratio = (ours: number, theirs: number) => `${(ours / theirs).toFixed(2)}×`;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { rounds: 'number', model: 'string', json: 'string' });
  const rounds = args.rounds ?? 30;
  const modelDir = join(ROOT, args.model ?? 'public/models/liver-resnet50-v4');
  const manifest = JSON.parse(readFileSync(join(modelDir, 'manifest.json'), 'utf8')) as Manifest;
  const parity = JSON.parse(readFileSync(join(modelDir, 'parity.json'), 'utf8')) as Parity;
  const input = raceInput(manifest, parity);
  const onnx = onnxCopy(modelDir);
  const root = buildSite(modelDir, onnx);
  // Both pages get the app's policy (the static server's default); the isolated one COOP/COEP too.
  const plain = await serve(root, PLAIN_PORT);
  const isolated = await serve(root, ISOLATED_PORT, new Set(), 'no-cache', ISOLATION_HEADERS);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const cores = availableParallelism();
  const configurations: [string, StaticSite, number][] = [
    ['plain page, 1 thread', plain, 1],
    ['isolated page, 1 thread', isolated, 1],
    [`isolated page, ${String(cores)} threads`, isolated, cores],
  ];
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `runtime race: ${basename(modelDir)} (${String(manifest.inputSize[0])}² input), WASM SIMD, ${String(rounds)} rounds`,
  );
  console.log(
    `machine: ${cpu}, ${String(cores)} cores; ${browser.version()}; ${new Date().toISOString().slice(0, 10)}`,
  );
  console.log('');
  console.log(
    '| configuration | threads (tfjs) | load tfjs / ORT (ms) | batch 1: tfjs / ORT (ms) | tfjs ÷ ORT | batch 8: tfjs / ORT (ms) | tfjs ÷ ORT | max difference |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  const results: RaceResult[] = [];
  try {
    for (const [name, site, threads] of configurations) {
      const result = await race(browser, site, threads, rounds, manifest, input);
      results.push(result);
      if (site === isolated && !result.isolated) throw new Error(`${name}: the page is not cross-origin isolated`);
      console.log(
        `| ${name} | ${String(result.tfjsThreads)} | ${ms(result.tfjsLoad)} / ${ms(result.ortLoad)} | ` +
          `${ms(result.tfjs[1])} / ${ms(result.ort[1])} | ${ratio(result.tfjs[1], result.ort[1])} | ` +
          `${ms(result.tfjs[8])} / ${ms(result.ort[8])} | ${ratio(result.tfjs[8], result.ort[8])} | ${result.difference.toExponential(1)} |`,
      );
      if (result.difference > AGREEMENT)
        throw new Error(
          `${name}: tfjs and ORT disagree by ${result.difference.toExponential(2)} (> ${String(AGREEMENT)})`,
        );
    }
    const single = results[1];
    const threaded = results[2];
    if (single !== undefined && threaded !== undefined && cores > 1) {
      console.log('');
      console.log(
        `threads, batch 1: tfjs ${String(cores)} vs 1 thread ${ratio(single.tfjs[1], threaded.tfjs[1])} faster; ` +
          `ORT ${ratio(single.ort[1], threaded.ort[1])} faster`,
      );
    }
    console.log('No GPU here: WebGPU rows need a machine with a real adapter (never estimated).');
    writeBenchJson(
      args.json,
      configurations.map(([name], i) => ({ name, ...results[i] })),
    );
  } finally {
    await browser.close();
    await plain.close();
    await isolated.close();
  }
}

main().catch((error: unknown) => {
  console.error(`bench:runtimes: ${errorMessage(error)}`);
  process.exit(1);
});
