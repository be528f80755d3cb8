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

/** Resident memory of every Chromium process (renderer, GPU, utility), MiB. */
function chromiumRssMiB(): number {
  const out = execFileSync('ps', ['-C', 'chromium', '-o', 'rss='], { encoding: 'utf8' });
  return (
    out
      .split('\n')
      .map(Number)
      .filter((n) => n > 0)
      .reduce((a, b) => a + b, 0) / 1024
  );
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
    const before = chromiumRssMiB();
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
      window.__benchStart = at();
    })()`);
    const t0 = performance.now();
    await page.getByTestId('open-folder').setInputFiles(study);
    let peakRss = before;
    const pageTimes = async (): Promise<Record<string, number>> => {
      const { start, seen } = await page.evaluate<{ start: number; seen: Record<string, number> }>(
        '({ start: window.__benchStart, seen: window.__benchSeen })',
      );
      return Object.fromEntries(Object.entries(seen).map(([key, at]) => [key, at - start]));
    };
    const crashed = (): boolean => health.crashed;
    for (;;) {
      if (crashed()) throw new Error('the page crashed');
      peakRss = Math.max(peakRss, chromiumRssMiB());
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
    // Scroll each phase end to end: every slice is decoded once, the worst case for memory.
    const viewport = await page.getByTestId('viewport-PV').boundingBox();
    if (viewport !== null) await page.mouse.move(viewport.x + viewport.width / 2, viewport.y + viewport.height / 2);
    const scrollStart = performance.now();
    for (let i = 0; i < slices; i++) await page.mouse.wheel(0, 120);
    await page.locator('[data-testid="viewport-PV"]').waitFor();
    const scrolled = performance.now() - scrollStart;
    peakRss = Math.max(peakRss, chromiumRssMiB());
    const metrics = (await cdp.send('Performance.getMetrics')).metrics;
    const heap = (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN) / MiB;
    const after = chromiumRssMiB();
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
    console.log(`| wheel through ${String(slices)} slices (synced phases) | ${(scrolled / 1000).toFixed(1)} s |`);
    console.log(`| JS heap after scrolling | ${heap.toFixed(0)} MiB (${(heap / rawMiB).toFixed(2)}× the files) |`);
    console.log(
      `| Chromium processes, resident | before ${before.toFixed(0)} MiB, peak ${peakRss.toFixed(0)} MiB, after ${after.toFixed(0)} MiB (peak − before ${((peakRss - before) / rawMiB).toFixed(2)}× the files) |`,
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
      wheelMs: scrolled,
      heapMiB: heap,
      residentPeakOverFiles: (peakRss - before) / rawMiB,
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
