/**
 * Benchmark (not a test): in-browser inference in headless Debian Chromium, per tfjs backend,
 * side by side in one run: the cold start (navigation to model ready), the median inference time
 * after warm-up (the demo study's 5 annotated lesions, per round), the time from releasing the
 * mouse on a drawn ROI to its probabilities shown, and the longest main-thread task while the
 * lesions were classified (the model runs in a worker, so this shows whether the page froze);
 * then the time to explain one lesion (occlusion sensitivity: 53 forward passes in batches).
 *
 *   npm run bench:inference [-- --backends wasm,webgl,cpu,webgpu --rounds 3 --draws 1 --look-ms 0]
 *
 * --look-ms: how long the reader looks at the slice before drawing on it (the page decodes the
 * slices around it meanwhile); 0 draws at once.
 *
 * Builds the app, serves it with `vite preview` on port 4183 (cross-origin isolated, so WASM may
 * run threaded) and drives Chromium with --enable-unsafe-webgpu (WebGPU on SwiftShader, emulated
 * on the CPU: slow here, real on a GPU). WASM runs twice: on the thread count the app chooses,
 * and on one thread per core (`?threads=N`), for the 1 vs N threads ratio.
 */
import { cpus } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config';
import { errorMessage } from '../src/core/error-message';
import { nearestSliceIndex } from '../src/core/viewer/slice-position';
import { phasePositions, readAnnotations } from '../test-support/browser/study-files';
import { drawEllipseAround, scrollToSlice } from '../test-support/browser/page-helpers';
import { parseArgs } from './args';
import { writeBenchJson } from './bench-json';
import { startPreview } from './preview-server';

const PORT = 4183;
const BASE = `http://127.0.0.1:${String(PORT)}`;
const DEMO = join(import.meta.dirname, '..', 'public', 'demo', 'study-0000');

interface Probe {
  ready: number | null;
  releases: number[];
  done: Record<string, number>;
  /** When the row's classification started. */
  running: Record<string, number>;
  longTasks: [number, number][];
}

/**
 * Records, in page time, when the model is ready, when the mouse is released on a viewport, when
 * each row is done, and the main thread's long tasks. Plain JavaScript: it runs in the page.
 */
const PROBE = `
  const probe = { ready: null, releases: [], done: {}, running: {}, longTasks: [] };
  window.probe = probe;
  addEventListener('pointerup', (event) => {
    if (event.target instanceof Element && event.target.closest('[data-testid^="viewport-"]')) probe.releases.push(performance.now());
  }, true);
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) probe.longTasks.push([entry.startTime, entry.duration]);
  }).observe({ type: 'longtask', buffered: true });
  const observer = new MutationObserver(() => {
    const now = performance.now();
    if (probe.ready === null && document.querySelector('[data-testid="inference-status"][data-state="ready"]')) probe.ready = now;
    for (const row of document.querySelectorAll('[data-testid="lesion-row"]')) {
      const id = row.dataset.lesionId;
      if (row.dataset.state === 'running' && !(id in probe.running)) probe.running[id] = now;
      if (row.dataset.state === 'done' && !(id in probe.done)) probe.done[id] = now;
    }
  });
  document.addEventListener('DOMContentLoaded', () => observer.observe(document.body, { subtree: true, attributes: true, childList: true }));
`;

const readProbe = (page: Page): Promise<Probe> =>
  page.evaluate(() => (globalThis as unknown as { probe: Probe }).probe);

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

async function waitFor(page: Page, selector: string, timeout: number): Promise<void> {
  await page.locator(selector).first().waitFor({ state: 'attached', timeout });
}

interface Round {
  coldMs: number;
  inferenceMs: number[];
  longestTaskMs: number;
  releaseToProbabilitiesMs: number[];
  /** Of that: release → the model's phases aligned, → classification started, → probabilities shown. */
  phasesMs: [number, number, number][];
  /** Of the alignment (the page's User Timing spans): release → first read, the drawn phase's read, the longest other phase's read, the longest search. */
  alignMs: [number, number, number, number, number][];
  /** Of crops and model (the page's User Timing spans): cutting the patches, and the model's call in its worker, there and back. */
  classifyMs: [number, number][];
  thread: string;
  /** Threads the backend computed on (the status's `data-threads`). */
  threads: string;
  /** The selected lesion's occlusion explanation (all its forward passes), and the longest main-thread task meanwhile. */
  explainMs: number;
  explainLongestTaskMs: number;
}

async function round(page: Page, backend: string, query: string, draws: number, lookMs: number): Promise<Round> {
  const slow = backend === 'webgpu' || backend === 'cpu' ? 20 : 1;
  await page.goto(`${BASE}/?backend=${backend}${query}`);
  await waitFor(
    page,
    `[data-testid="inference-status"][data-state="ready"][data-backend="${backend}"]`,
    120_000 * slow,
  );
  const coldMs = (await readProbe(page)).ready ?? Number.NaN;
  const thread = (await page.getByTestId('inference-status').getAttribute('data-thread')) ?? '?';
  const threads = (await page.getByTestId('inference-status').getAttribute('data-threads')) ?? '?';
  await page.getByTestId('load-demo').click();
  await waitFor(page, 'main[data-ready="true"]', 120_000);
  // ROIs drawn with the mouse around annotated lesions, one at a time, on the freshly opened study.
  const truth = readAnnotations(DEMO);
  const rows = page.getByTestId('lesion-row');
  const releaseToProbabilitiesMs: number[] = [];
  const phasesMs: [number, number, number][] = [];
  const alignMs: [number, number, number, number, number][] = [];
  const classifyMs: [number, number][] = [];
  const positions = await phasePositions(DEMO, 'PV');
  for (const lesion of truth.lesions.slice(0, draws)) {
    const before = new Set(await Promise.all((await rows.all()).map((r) => r.getAttribute('data-lesion-id'))));
    const slice = nearestSliceIndex(positions, lesion.center[2] ?? 0);
    // A reader looks at the slice before drawing on it; meanwhile the page decodes around it.
    await scrollToSlice(page, 'PV', slice);
    if (lookMs > 0) await page.waitForTimeout(lookMs);
    await drawEllipseAround(page, 'PV', slice, lesion.center, lesion.radiusMm * 1.1);
    // The row appears once the page has handled the drawing (it may be busy decoding ahead).
    await page
      .waitForFunction((count) => document.querySelectorAll('[data-testid="lesion-row"]').length > count, before.size, {
        timeout: 10_000,
      })
      .catch(() => undefined);
    let id: string | null = null;
    for (const r of await rows.all()) {
      const candidate = await r.getAttribute('data-lesion-id');
      if (!before.has(candidate)) id = candidate;
    }
    if (id === null) throw new Error('the drawn ROI made no lesion row');
    await waitFor(page, `[data-testid="lesion-row"][data-lesion-id="${id}"][data-state="done"]`, 120_000 * slow);
    const probe = await readProbe(page);
    const done = probe.done[id] ?? Number.NaN;
    const release = Math.max(...probe.releases.filter((t) => t <= done));
    releaseToProbabilitiesMs.push(done - release);
    const running = probe.running[id] ?? Number.NaN;
    const { modelAligned, breakdown } = await alignmentSpans(page, release, done);
    phasesMs.push([modelAligned - release, running - modelAligned, done - running]);
    alignMs.push(breakdown);
    classifyMs.push(await classifySpans(page, modelAligned, done));
  }
  // Then the annotation file (it replaces the drawn lesions): five inferences in a row.
  const startedAt = await page.evaluate(() => performance.now());
  await page.getByTestId('load-study-annotations').click();
  for (let i = 0; i < truth.lesions.length; i++)
    await page
      .locator('[data-testid="lesion-row"][data-state="done"]')
      .nth(i)
      .waitFor({ timeout: 120_000 * slow });
  const finishedAt = await page.evaluate(() => performance.now());
  const inferenceMs = await Promise.all((await rows.all()).map(async (r) => Number(await r.getAttribute('data-ms'))));
  const { longTasks } = await readProbe(page);
  const longestTaskMs = Math.max(
    0,
    ...longTasks.filter(([start, duration]) => start + duration >= startedAt && start <= finishedAt).map(([, d]) => d),
  );
  // Selecting a classified lesion explains it (the heatmap is on by default) in the worker.
  const explainStart = await page.evaluate(() => performance.now());
  const first = rows.first();
  await first.locator('.lesion-head button.link').click();
  await first.locator('[data-testid="explanation-status"][data-state="done"]').waitFor({ timeout: 120_000 * slow });
  const explainMs = Number(await first.locator('[data-testid="explanation-status"] [data-ms]').getAttribute('data-ms'));
  const explainEnd = await page.evaluate(() => performance.now());
  const explainLongestTaskMs = Math.max(
    0,
    ...(await readProbe(page)).longTasks
      .filter(([start, duration]) => start + duration >= explainStart && start <= explainEnd)
      .map(([, d]) => d),
  );
  return {
    coldMs,
    inferenceMs,
    longestTaskMs,
    releaseToProbabilitiesMs,
    phasesMs,
    alignMs,
    classifyMs,
    thread,
    threads,
    explainMs,
    explainLongestTaskMs,
  };
}

/**
 * The alignment's spans (align-phases.ts) between release and probabilities, drawn on PV: see
 * Round.alignMs; and when the model's other phases (NC, ART) were aligned, which is when
 * classification may start (DL is aligned after them, off the path to the probabilities).
 */
async function alignmentSpans(
  page: Page,
  from: number,
  to: number,
): Promise<{ modelAligned: number; breakdown: [number, number, number, number, number] }> {
  const all = await page.evaluate(
    ({ start, end }) =>
      performance
        .getEntriesByType('measure')
        .filter((e) => e.name.startsWith('align: ') && e.startTime >= start && e.startTime <= end)
        .map((e) => ({ name: e.name, start: e.startTime, ms: e.duration })),
    { start: from, end: to },
  );
  const modelSearches = all.filter((s) => s.name === 'align: search NC' || s.name === 'align: search ART');
  const modelAligned = modelSearches.length === 0 ? Number.NaN : Math.max(...modelSearches.map((s) => s.start + s.ms));
  const spans = all.filter((s) => s.start <= modelAligned);
  const longest = (test: (name: string) => boolean): number => {
    const ms = spans.filter((s) => test(s.name)).map((s) => s.ms);
    return ms.length === 0 ? Number.NaN : Math.max(...ms);
  };
  const first = Math.min(...spans.map((s) => s.start));
  return {
    modelAligned,
    breakdown: [
      spans.length === 0 ? Number.NaN : first - from,
      longest((name) => name === 'align: read PV'),
      longest((name) => name.startsWith('align: read ') && name !== 'align: read PV'),
      longest((name) => name === 'align: search NC' || name === 'align: search ART'),
      longest((name) => name === 'align: compute'),
    ],
  };
}

/**
 * The classification's spans (useClassification.ts) of one lesion, between its model phases being
 * aligned (it cannot start before) and its probabilities shown: its crops, and its model call.
 */
async function classifySpans(page: Page, from: number, to: number): Promise<[number, number]> {
  const all = await page.evaluate(
    ({ start, end }) =>
      performance
        .getEntriesByType('measure')
        .filter((e) => e.name.startsWith('classify: ') && e.startTime >= start && e.startTime <= end)
        .map((e) => ({ name: e.name, ms: e.duration })),
    { start: from, end: to },
  );
  const last = (name: string): number => all.filter((s) => s.name === name).at(-1)?.ms ?? Number.NaN;
  return [last('classify: crops'), last('classify: model')];
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), {
    backends: 'string',
    rounds: 'number',
    draws: 'number',
    'look-ms': 'number',
    'no-build': 'boolean',
    json: 'string',
  });
  const backends = (args.backends ?? 'wasm,webgl,cpu,webgpu').split(',');
  const rounds = args.rounds ?? 3;
  const draws = args.draws ?? 1;
  const lookMs = args['look-ms'] ?? 0;
  const preview = await startPreview(PORT, args['no-build'] !== true);
  const cores = cpus().length;
  const runs = backends.flatMap((backend) =>
    backend === 'wasm' && cores > 1
      ? [
          { label: 'wasm', backend, query: '' },
          { label: `wasm, ?threads=${String(cores)}`, backend, query: `&threads=${String(cores)}` },
        ]
      : [{ label: backend, backend, query: '' }],
  );
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, '--enable-unsafe-webgpu'],
  });
  try {
    const version = browser.version();
    console.log(
      `Chromium ${version}, ${String(cpus().length)} × ${cpus()[0]?.model ?? '?'}; ${String(rounds)} rounds per backend`,
    );
    const results = new Map<string, Round[]>();
    for (const { label, backend, query } of runs) {
      const list: Round[] = [];
      // The slow emulated backends get one round; they show a ratio, not a laptop's speed.
      for (let r = 0; r < (backend === 'webgpu' || backend === 'cpu' ? 1 : rounds); r++) {
        const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
        await context.addInitScript({ content: PROBE });
        const page = await context.newPage();
        try {
          list.push(await round(page, backend, query, draws, lookMs));
        } catch (error) {
          process.exitCode = 1;
          console.error(`${label}: ${errorMessage(error)}`);
        } finally {
          await context.close();
        }
      }
      results.set(label, list);
      const m = summarize(list);
      console.log(
        `${label} (${m.threads} thread(s)): cold start ${m.cold.toFixed(0)} ms · inference ${m.inference.toFixed(1)} ms (median of ${String(m.n)}) · ROI release → probabilities ${m.release.toFixed(0)} ms (aligning the model's phases ${(m.steps[0] ?? 0).toFixed(0)}: release → first read ${(m.align[0] ?? 0).toFixed(0)}, read PV ${(m.align[1] ?? 0).toFixed(0)}, read others ${(m.align[2] ?? 0).toFixed(0)}, search ${(m.align[3] ?? 0).toFixed(0)} (computing ${(m.align[4] ?? 0).toFixed(0)}); settling ${(m.steps[1] ?? 0).toFixed(0)}, crops and model ${(m.steps[2] ?? 0).toFixed(0)}: crops ${(m.classify[0] ?? 0).toFixed(0)}, model ${(m.classify[1] ?? 0).toFixed(0)}) · longest main-thread task ${m.longest.toFixed(0)} ms · model in ${m.thread} · explanation ${m.explain.toFixed(0)} ms (longest main-thread task meanwhile ${m.explainLongest.toFixed(0)} ms)`,
      );
    }
    const wasm = summarize(results.get('wasm') ?? []);
    console.log(
      '\n| backend | threads | cold start (ms) | inference (ms, median) | ROI release → probabilities (ms) | longest main-thread task (ms) | inference vs wasm | explanation (ms) | longest task during it (ms) |',
    );
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const [label, list] of results) {
      const m = summarize(list);
      console.log(
        `| ${label} | ${m.threads} | ${m.cold.toFixed(0)} | ${m.inference.toFixed(1)} (n=${String(m.n)}) | ${m.release.toFixed(0)} | ${m.longest.toFixed(0)} | ${(m.inference / wasm.inference).toFixed(2)}× | ${m.explain.toFixed(0)} | ${m.explainLongest.toFixed(0)} |`,
      );
    }
    writeBenchJson(
      args.json,
      [...results].map(([label, list]) => {
        const { steps, align, classify, ...figures } = summarize(list);
        return {
          label,
          ...figures,
          aligning: steps[0],
          settling: steps[1],
          cropsAndModel: steps[2],
          alignment: { toFirstRead: align[0], readDrawn: align[1], readOthers: align[2], search: align[3] },
          classification: { crops: classify[0], model: classify[1] },
        };
      }),
    );
  } finally {
    await browser.close();
    preview.stop();
  }
}

function summarize(list: readonly Round[]) {
  const inference = list.flatMap((r) => r.inferenceMs);
  return {
    cold: median(list.map((r) => r.coldMs)),
    inference: median(inference),
    n: inference.length,
    release: median(list.flatMap((r) => r.releaseToProbabilitiesMs)),
    steps: [0, 1, 2].map((k) => median(list.flatMap((r) => r.phasesMs.map((p) => p[k] ?? Number.NaN)))),
    align: [0, 1, 2, 3, 4].map((k) => median(list.flatMap((r) => r.alignMs.map((p) => p[k] ?? Number.NaN)))),
    classify: [0, 1].map((k) => median(list.flatMap((r) => r.classifyMs.map((p) => p[k] ?? Number.NaN)))),
    longest: Math.max(0, ...list.map((r) => r.longestTaskMs)),
    thread: [...new Set(list.map((r) => r.thread))].join('/'),
    threads: [...new Set(list.map((r) => r.threads))].join('/'),
    explain: median(list.map((r) => r.explainMs)),
    explainLongest: Math.max(0, ...list.map((r) => r.explainLongestTaskMs)),
  };
}

main().catch((error: unknown) => {
  console.error(errorMessage(error));
  process.exit(1);
});
