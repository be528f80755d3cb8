/**
 * Benchmark (not a test): a large study opened in the built app in headless Debian Chromium, as
 * a user would open it (the folder input). Prints the time to the first image on screen, the time
 * until every phase shows its image, and the page's memory (JS heap, and the resident memory of
 * all Chromium processes) next to the raw size of the files. Default: 4 phases × 300 slices of
 * 512×512 (the generated phantom, 1 mm slices), made once under test-results/.
 *
 *   npm run bench:large-study [-- --slices 300 --size 512 --no-build]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { pixelStats, PHASES } from '../test-support/browser/page-helpers';
import { CHROMIUM_ARGS } from '../playwright.config';
import { errorMessage } from '../src/core/error-message';
import { parseArgs } from './args';
import { writeBenchJson } from './bench-json';
import { startPreview } from './preview-server';

const PORT = 4184;
const MiB = 1024 * 1024;

function generate(out: string, size: number, slices: number): void {
  const args = [
    '--studies',
    '1',
    '--seed',
    'bench-large',
    '--size',
    String(size),
    '--slices',
    String(slices),
    '--thickness',
    '1.25',
  ];
  const marker = join(out, '.complete');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === args.join(' ')) return;
  execFileSync('npx', ['tsx', 'pipeline/phantoms.ts', '--out', out, ...args], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  writeFileSync(marker, args.join(' '));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.dcm'))
    .map((e) => join(e.parentPath, e.name));
}

/** Resident memory of the Chromium processes (MiB), in all and by kind (browser, renderer, GPU, utility…). */
function chromiumRss(): { total: number; byKind: Record<string, number> } {
  const out = execFileSync('ps', ['-C', 'chromium', '-o', 'rss=,args='], { encoding: 'utf8' });
  const byKind: Record<string, number> = {};
  let total = 0;
  for (const line of out.split('\n')) {
    const match = /^\s*(\d+)\s+(.*)$/.exec(line);
    if (match === null) continue;
    const mib = Number(match[1]) / 1024;
    const kind = /--type=(\S+)/.exec(match[2] ?? '')?.[1] ?? 'browser';
    byKind[kind] = (byKind[kind] ?? 0) + mib;
    total += mib;
  }
  return { total, byKind };
}

const chromiumRssMiB = (): number => chromiumRss().total;

/** The highest total seen by `sample`, and each kind's share at that moment. */
function peakTracker(start: number) {
  const peak = { total: start, byKind: {} as Record<string, number> };
  return {
    peak,
    sample(): void {
      const now = chromiumRss();
      if (now.total > peak.total) Object.assign(peak, now);
    },
  };
}

async function shown(page: Page, phase: string): Promise<boolean> {
  return (await pixelStats(page.getByTestId(`viewport-${phase}`))).brightShare > 0.1;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), {
    slices: 'number',
    size: 'number',
    'no-build': 'boolean',
    json: 'string',
  });
  const slices = args.slices ?? 300;
  const size = args.size ?? 512;
  const studyRoot = join('test-results', `bench-large-${String(size)}x${String(slices)}`);
  const started = performance.now();
  generate(studyRoot, size, slices);
  const study = join(studyRoot, 'study-0000');
  const files = filesUnder(study);
  const rawMiB = files.reduce((sum, f) => sum + statSync(f).size, 0) / MiB;
  console.log(
    `study: ${String(files.length)} files, ${rawMiB.toFixed(0)} MiB (made in ${((performance.now() - started) / 1000).toFixed(0)} s)`,
  );

  const preview = await startPreview(PORT, args['no-build'] !== true);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const health = { crashed: false };
    page.on('crash', () => {
      health.crashed = true;
    });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(`${preview.base}/?backend=wasm`);
    // The model loads first, so its start-up does not count against the study.
    await page.locator('[data-testid="inference-status"][data-state="ready"]').waitFor({ timeout: 120_000 });
    const start = chromiumRss();
    const before = start.total;
    // The page notes when each phase first draws an image and when the series list appears: polling
    // with screenshots from here would slow the very page it measures.
    await page.evaluate(`(() => {
      const seen = (window.__benchSeen = {});
      const at = () => performance.now();
      document.addEventListener('CORNERSTONE_IMAGE_RENDERED', (event) => {
        const id = event.target instanceof Element ? event.target.closest('[data-testid^="viewport-"]')?.getAttribute('data-testid') : null;
        if (id && !(id in seen)) seen[id] = at();
      }, true);
      new MutationObserver(() => {
        if (!('series' in seen) && document.querySelector('[data-testid="series-row"]')) seen.series = at();
        // The preview (a slice of the first whole series, while the rest is read) is drawn by then.
        if (!('series-preview' in seen) && document.querySelector('[data-testid="series-preview"][data-state="shown"]'))
          seen['series-preview'] = at();
      }).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-state'] });
      // When the browser hands the page the folder's files (Playwright's file chooser takes its own time before).
      document.addEventListener('change', () => {
        if (!('files' in seen)) seen.files = at();
      }, true);
      // Tasks of 50 ms or more on the page's thread: while one runs the page neither draws nor answers.
      const long = (window.__benchLongTasks = []);
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) long.push([entry.startTime, entry.duration]);
      }).observe({ type: 'longtask' });
      window.__benchStart = at();
    })()`);
    const t0 = performance.now();
    await page.getByTestId('open-folder').setInputFiles(study);
    const rss = peakTracker(before);
    const pageTimes = async (): Promise<Record<string, number>> => {
      const { start, seen } = await page.evaluate<{ start: number; seen: Record<string, number> }>(
        '({ start: window.__benchStart, seen: window.__benchSeen })',
      );
      return Object.fromEntries(Object.entries(seen).map(([key, at]) => [key, at - start]));
    };
    const crashed = (): boolean => health.crashed;
    for (;;) {
      if (crashed()) throw new Error('the page crashed');
      rss.sample();
      const times = await pageTimes();
      if (PHASES.every((phase) => `viewport-${phase}` in times)) break;
      if (performance.now() - t0 > 600_000)
        throw new Error(`not all phases shown after 600 s (${Object.keys(times).join(', ')})`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const times = await pageTimes();
    const phaseTimes = PHASES.map((phase) => times[`viewport-${phase}`] ?? Number.NaN);
    // The first image may be the preview: the first whole series, shown while the rest is read.
    const previewShown = times['series-preview'] ?? null;
    const firstImage = Math.min(...phaseTimes, previewShown ?? Number.POSITIVE_INFINITY);
    const seriesListed = times.series ?? null;
    const filesGiven = times.files ?? Number.NaN;
    const afterFiles = (ms: number): string =>
      `${((ms - filesGiven) / 1000).toFixed(2)} s after the page got the files`;
    // What the page drew is an image, not a blank canvas.
    for (const phase of PHASES) {
      if (!(await shown(page, phase))) throw new Error(`${phase} drew no image`);
    }
    const allShown = Math.max(...phaseTimes);
    // The page's longest stretch without drawing from the files' arrival to every phase shown. Of
    // the task the files came in, only what follows their arrival counts: under Playwright the
    // task began with the file chooser making 1 200 File objects.
    const longest = await page.evaluate<number>(`(() => {
      const files = window.__benchStart + ${String(filesGiven)};
      const shown = window.__benchStart + ${String(allShown)};
      return Math.max(0, ...window.__benchLongTasks
        .filter(([t, d]) => t + d > files && t < shown)
        .map(([t, d]) => t + d - Math.max(t, files)));
    })()`);
    // Scroll each phase end to end: every slice is decoded once, the worst case for memory.
    const viewport = await page.getByTestId('viewport-PV').boundingBox();
    if (viewport !== null) await page.mouse.move(viewport.x + viewport.width / 2, viewport.y + viewport.height / 2);
    const scrollStart = performance.now();
    for (let i = 0; i < slices; i++) await page.mouse.wheel(0, 120);
    await page.locator('[data-testid="viewport-PV"]').waitFor();
    const scrolled = performance.now() - scrollStart;
    rss.sample();
    const metrics = (await cdp.send('Performance.getMetrics')).metrics;
    const heap = (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN) / MiB;
    // ArrayBuffers keep their bytes outside the JS heap: decoded images, file bytes, WASM memory.
    const buffers = (await cdp.send('Runtime.getHeapUsage')).backingStorageSize / MiB;
    const after = chromiumRssMiB();
    // What of it is still held, not garbage waiting for a collection (taken last, so it changes
    // none of the figures above).
    await cdp.send('HeapProfiler.collectGarbage');
    const heldBuffers = (await cdp.send('Runtime.getHeapUsage')).backingStorageSize / MiB;
    const afterCollection = chromiumRssMiB();
    console.log(
      `Chromium ${browser.version()}, ${String(cpus().length)} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 1024 / MiB).toFixed(0)} GiB RAM`,
    );
    console.log('| measure | value |');
    console.log('| --- | --- |');
    console.log(
      `| files | ${String(files.length)} (${String(PHASES.length)} phases × ${String(slices)} slices of ${String(size)}²) |`,
    );
    console.log(`| raw size of the files | ${rawMiB.toFixed(0)} MiB |`);
    console.log(`| series listed (every header read) | ${((seriesListed ?? Number.NaN) / 1000).toFixed(2)} s |`);
    console.log(
      `| first image on screen | ${(firstImage / 1000).toFixed(2)} s (${afterFiles(firstImage)}; ${previewShown === null ? 'no preview' : 'the preview of the first series'}) |`,
    );
    console.log(
      `| all ${String(PHASES.length)} phases on screen | ${(allShown / 1000).toFixed(2)} s (${afterFiles(allShown)}) |`,
    );
    console.log(
      `| longest task on the page's thread after it got the files, to all phases shown | ${longest.toFixed(0)} ms |`,
    );
    console.log(`| wheel through ${String(slices)} slices (synced phases) | ${(scrolled / 1000).toFixed(1)} s |`);
    console.log(`| JS heap after scrolling | ${heap.toFixed(0)} MiB (${(heap / rawMiB).toFixed(2)}× the files) |`);
    console.log(
      `| ArrayBuffer bytes (outside the JS heap) after scrolling | ${buffers.toFixed(0)} MiB (${(buffers / rawMiB).toFixed(2)}× the files); after a forced collection ${heldBuffers.toFixed(0)} MiB, Chromium resident ${afterCollection.toFixed(0)} MiB |`,
    );
    console.log(
      `| Chromium processes, resident | before ${before.toFixed(0)} MiB, peak ${rss.peak.total.toFixed(0)} MiB, after ${after.toFixed(0)} MiB (peak − before ${((rss.peak.total - before) / rawMiB).toFixed(2)}× the files) |`,
    );
    console.log(
      `| by process kind, at the peak (growth since before) | ${Object.entries(rss.peak.byKind)
        .sort((a, b) => b[1] - a[1])
        .map(([kind, mib]) => `${kind} ${mib.toFixed(0)} MiB (${(mib - (start.byKind[kind] ?? 0)).toFixed(0)})`)
        .join(', ')} |`,
    );
    console.log(`| page crashed | ${health.crashed ? 'yes' : 'no'} |`);
    writeBenchJson(args.json, {
      files: files.length,
      rawMiB,
      seriesListedMs: seriesListed,
      firstImageMs: firstImage,
      previewShownMs: previewShown,
      filesGivenMs: filesGiven,
      allPhasesMs: allShown,
      longestTaskWhileReadingMs: longest,
      wheelMs: scrolled,
      heapMiB: heap,
      arrayBufferMiB: buffers,
      arrayBufferHeldMiB: heldBuffers,
      residentPeakOverFiles: (rss.peak.total - before) / rawMiB,
      residentPeakByKindMiB: rss.peak.byKind,
      crashed: health.crashed,
    });
  } finally {
    await browser.close();
    preview.stop();
  }
}

main().catch((error: unknown) => {
  console.error(errorMessage(error));
  process.exit(1);
});
