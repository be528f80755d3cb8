/**
 * Benchmark (not a test): the demo study opened in the built app in headless Debian Chromium,
 * "Load demo study" to the first image on screen and to all four phases, in two ways side by
 * side: offline from the service worker's store after one visit (the demo never opened before),
 * and online from the server with no service worker. Medians of --runs, each in a fresh page.
 *
 *   npm run bench:demo [-- --runs 5 --no-build]
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, totalmem } from 'node:os';
import { chromium, type Browser, type Page } from '@playwright/test';
import { pixelStats, PHASES } from '../test-support/browser/page-helpers';
import { copyOfBuild, serve } from '../test-support/browser/static-server';
import { CHROMIUM_ARGS } from '../playwright.config';
import { errorMessage } from '../src/core/error-message';
import { median } from '../src/core/median';
import { parseArgs } from './args';

const PORT = 4186;

interface Timing {
  readonly firstImage: number;
  readonly allPhases: number;
}

/** From the click on "Load demo study" until a phase, then all four, show their image. */
async function openDemo(page: Page): Promise<Timing> {
  await page.locator('[data-testid="inference-status"][data-state="ready"]').waitFor({ timeout: 120_000 });
  const t0 = performance.now();
  await page.getByTestId('load-demo').click();
  let firstImage: number | null = null;
  const shown = new Set<string>();
  while (shown.size < PHASES.length) {
    if (performance.now() - t0 > 120_000) throw new Error(`the demo did not show every phase in 120 s`);
    const banner = page.getByTestId('error-banner');
    if ((await banner.count()) > 0) throw new Error(`the page says: ${(await banner.innerText()).trim()}`);
    for (const phase of PHASES) {
      if (shown.has(phase) || (await page.getByTestId(`viewport-${phase}`).count()) === 0) continue;
      if ((await pixelStats(page.getByTestId(`viewport-${phase}`))).brightShare > 0.1) {
        shown.add(phase);
        firstImage ??= performance.now() - t0;
      }
    }
  }
  return { firstImage: firstImage ?? Number.NaN, allPhases: performance.now() - t0 };
}

async function offlineRuns(browser: Browser, runs: number): Promise<Timing[]> {
  const site = await serve(copyOfBuild(), PORT);
  const context = await browser.newContext({ serviceWorkers: 'allow', viewport: { width: 1400, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(`${site.origin}/?backend=wasm`);
    await page
      .locator('[data-testid="offline-status"][data-state="ready"]')
      .waitFor({ timeout: 300_000, state: 'attached' });
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await site.close();
    await context.setOffline(true);
    const timings: Timing[] = [];
    for (let run = 0; run < runs; run++) {
      await page.reload();
      timings.push(await openDemo(page));
    }
    return timings;
  } finally {
    await context.close();
  }
}

async function onlineRuns(browser: Browser, runs: number): Promise<Timing[]> {
  const site = await serve(copyOfBuild(), PORT + 1);
  const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1400, height: 900 } });
  try {
    const page = await context.newPage();
    const timings: Timing[] = [];
    for (let run = 0; run < runs; run++) {
      await page.goto(`${site.origin}/?backend=wasm`);
      timings.push(await openDemo(page));
    }
    return timings;
  } finally {
    await context.close();
    await site.close();
  }
}

/** What the service worker of the build stores at the first visit: every precache entry of dist/sw.js. */
function precached(): string {
  const sw = readFileSync('dist/sw.js', 'utf8');
  const urls = [...sw.matchAll(/url:"([^"]+)"/g)].map((m) => m[1] ?? '');
  const size = (list: string[]): string =>
    `${String(list.length)} files, ${(list.reduce((sum, u) => sum + statSync(join('dist', u)).size, 0) / 1024 ** 2).toFixed(1)} MiB`;
  return `stored at the first visit: ${size(urls)}, of which the demo study ${size(urls.filter((u) => u.startsWith('demo/')))}`;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { runs: 'number', 'no-build': 'boolean' });
  const runs = args.runs ?? 5;
  if (args['no-build'] !== true)
    execFileSync('npm', ['run', '--silent', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    // Interleaved would share the CPU with a service worker installing; one after the other instead.
    const offline = await offlineRuns(browser, runs);
    const online = await onlineRuns(browser, runs);
    const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
    const row = (name: string, t: Timing[]): string =>
      `| ${name} | ${s(median(t.map((x) => x.firstImage)))} | ${s(median(t.map((x) => x.allPhases)))} |`;
    console.log(
      `Chromium ${browser.version()}, ${String(cpus().length)} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB RAM; medians of ${String(runs)} runs`,
    );
    console.log('| demo study opened | first image on screen | all 4 phases on screen |');
    console.log('| --- | --- | --- |');
    console.log(row('offline, from the stored app (never opened before)', offline));
    console.log(row('online, from the server (no service worker)', online));
    const ratio = median(offline.map((x) => x.firstImage)) / median(online.map((x) => x.firstImage));
    console.log(`first image, offline ÷ online: ${ratio.toFixed(2)}`);
    console.log(precached());
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(errorMessage(error));
  process.exit(1);
});
