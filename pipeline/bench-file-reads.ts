/**
 * Benchmark (not a test): what listing a large folder costs the browser, before any DICOM is
 * parsed. In headless Debian Chromium, on the files of the study bench:large-study makes
 * (4 × 300 slices of 512², run it first), each measured in a fresh page with fresh File objects:
 *
 * - in the page: File.size, then the first 16 KiB of each file (Blob.slice), 64 reads in flight;
 *   the wall time and the time the page's own thread spent in those calls;
 * - in 1, 2 and 4 workers (each handed its share of the files in one message, 32 reads in flight):
 *   the wall time, and the page's time handing the files over;
 * - handing the files to a worker in one message against messages of 96 files: the page's time.
 *
 * Prints medians over --rounds (default 3), the configurations taking turns.
 *
 *   npm run bench:file-reads [-- --rounds 3 --study test-results/bench-large-512x300/study-0000]
 */
import { existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config';
import { errorMessage } from '../src/core/error-message';
import { median } from '../src/core/median';
import { parseArgs } from './args';

const HEAD_BYTES = 16 * 1024;

/** [wall ms, page-thread ms] of reading every head in the page. */
const inPage = `(async () => {
  const files = Array.from(document.getElementById('f').files);
  let own = 0;
  const t0 = performance.now();
  let next = 0;
  const reader = async () => {
    while (next < files.length) {
      const file = files[next++];
      const a = performance.now();
      const size = file.size;
      const head = file.slice(0, ${String(HEAD_BYTES)});
      own += performance.now() - a;
      if (size > 0) await head.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: 64 }, reader));
  return [performance.now() - t0, own];
})()`;

const workerSource = `onmessage = async (e) => {
  const files = e.data;
  let next = 0;
  const reader = async () => {
    while (next < files.length) {
      const file = files[next++];
      if (file.size > 0) await file.slice(0, ${String(HEAD_BYTES)}).arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: 32 }, reader));
  postMessage(files.length);
};`;

/** [wall ms, page ms handing the files over] of reading every head in `n` workers. */
const inWorkers = (n: number): string => `(async () => {
  const files = Array.from(document.getElementById('f').files);
  const url = URL.createObjectURL(new Blob([${JSON.stringify(workerSource)}], { type: 'text/javascript' }));
  const workers = Array.from({ length: ${String(n)} }, () => new Worker(url));
  const t0 = performance.now();
  let handing = 0;
  const done = workers.map((worker, w) => {
    const share = files.filter((_, i) => i % ${String(n)} === w);
    const answered = new Promise((resolve) => { worker.onmessage = resolve; });
    const a = performance.now();
    worker.postMessage(share);
    handing += performance.now() - a;
    return answered;
  });
  await Promise.all(done);
  return [performance.now() - t0, handing];
})()`;

/** The page's ms handing every file to a worker, in messages of `batch` files. */
const handOver = (batch: number): string => `(async () => {
  const files = Array.from(document.getElementById('f').files);
  const worker = new Worker(URL.createObjectURL(new Blob(['onmessage = () => {}'], { type: 'text/javascript' })));
  const t0 = performance.now();
  for (let start = 0; start < files.length; start += ${String(batch)}) worker.postMessage(files.slice(start, start + ${String(batch)}));
  return [performance.now() - t0, 0];
})()`;

async function measure(page: Page, study: string, code: string): Promise<[number, number]> {
  await page.setContent('<input id="f" type="file" webkitdirectory multiple>');
  await page.locator('#f').setInputFiles(study);
  return page.evaluate<[number, number]>(code);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { rounds: 'number', study: 'string' });
  const rounds = args.rounds ?? 3;
  const study = args.study ?? 'test-results/bench-large-512x300/study-0000';
  if (!existsSync(study)) throw new Error(`${study} is missing: run npm run bench:large-study first`);
  const configurations: [string, string][] = [
    ['in the page (wall | page thread in size and slice)', inPage],
    ['1 worker (wall | page handing over)', inWorkers(1)],
    ['2 workers (wall | page handing over)', inWorkers(2)],
    ['4 workers (wall | page handing over)', inWorkers(4)],
    ['handing all files to a worker in 1 message (page)', handOver(1_000_000)],
    ['handing all files to a worker in messages of 96 (page)', handOver(96)],
  ];
  const results = new Map<string, [number, number][]>(configurations.map(([name]) => [name, []]));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    for (let round = 0; round < rounds; round++) {
      for (const [name, code] of configurations) {
        // A fresh page: File objects new to the browser, as when a folder is first opened.
        const page = await browser.newPage();
        results.get(name)?.push(await measure(page, study, code));
        await page.close();
      }
    }
    console.log(
      `Chromium ${browser.version()}, ${String(cpus().length)} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM; ${study}; medians of ${String(rounds)}`,
    );
    console.log('| configuration | ms | ms |');
    console.log('| --- | --- | --- |');
    for (const [name, runs] of results) {
      const wall = median(runs.map(([a]) => a));
      const own = median(runs.map(([, b]) => b));
      console.log(`| ${name} | ${wall.toFixed(0)} | ${name.includes('|') ? own.toFixed(0) : ''} |`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(errorMessage(error));
  process.exit(1);
});
