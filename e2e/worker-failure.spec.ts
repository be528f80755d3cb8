/**
 * The classifier's worker dies mid-session (closed from inside, as a crash or the browser
 * reclaiming it would leave it: no error event, no answer). The next lesion is still answered,
 * the same as before: first by a restarted worker, and when that one dies too, by the page; the
 * banner says what happened each time.
 */
import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { nearestSliceIndex } from '../src/core/viewer/slice-position';
import { GENERATED, phasePositions, readAnnotations } from './fixtures';
import {
  demoAnswerFor,
  drawEllipseAround,
  openFolder,
  pixelStats,
  seriesPhases,
  waitForImages,
} from '../test-support/browser/page-helpers';

const DEMO = join(import.meta.dirname, '..', 'public', 'demo', 'study-0000');

/** Closes the classifier's worker from inside: it stops without a word to the page. */
async function killClassifierWorker(page: Page): Promise<void> {
  const worker = page.workers().find((w) => w.url().includes('classifier'));
  if (worker === undefined)
    throw new Error(
      `no classifier worker among ${page
        .workers()
        .map((w) => w.url())
        .join(', ')}`,
    );
  const closed = new Promise<void>((resolve) => {
    worker.once('close', () => {
      resolve();
    });
  });
  await worker.evaluate('setTimeout(() => self.close(), 0)');
  await closed;
}

test('a classifier worker that dies is replaced, then the page takes over; every lesion is still answered', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const hcc = readAnnotations(DEMO).lesions.find((l) => l.label === 'HCC') as {
    id: string;
    center: number[];
    radiusMm?: number;
  };
  await page.goto('/?backend=wasm');
  const status = page.getByTestId('inference-status');
  await expect(status).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(status).toHaveAttribute('data-thread', 'worker');
  const expected = await demoAnswerFor(page, hcc.id);
  const rows = page.getByTestId('lesion-row');
  const before = await rows.count();
  const target = nearestSliceIndex(await phasePositions(DEMO, 'PV'), hcc.center[2] ?? 0);

  // First death: a new worker answers the ROI drawn next.
  await killClassifierWorker(page);
  await drawEllipseAround(page, 'PV', target, hcc.center, (hcc.radiusMm ?? 10) * 1.1);
  await expect(rows).toHaveCount(before + 1);
  const first = rows.nth(before);
  await expect(first).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  await expect(first).toHaveAttribute('data-predicted', expected);
  await expect(status).toHaveAttribute('data-thread', 'worker');
  await expect(status).toHaveAttribute('data-incident', /restarted/);
  await expect(page.getByTestId('error-banner')).toContainText('Classification recovered');

  // Second death: the page runs the model itself.
  await killClassifierWorker(page);
  await drawEllipseAround(page, 'PV', target, hcc.center, (hcc.radiusMm ?? 10) * 0.9);
  await expect(rows).toHaveCount(before + 2);
  const second = rows.nth(before + 1);
  await expect(second).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  await expect(status).toHaveAttribute('data-thread', 'page');
  await expect(status).toContainText('in the page (its worker stopped)');
  await expect(page.getByTestId('error-banner')).toContainText('the model now runs in the page');
  // Nothing was left waiting.
  for (const row of await rows.all()) await expect(row).toHaveAttribute('data-state', 'done');
});

/** The generated study, what it holds, and the page's header workers once both have started. */
async function withHeaderWorkersStarted(page: Page) {
  const study = join(GENERATED, 'study-0000');
  const truth = readAnnotations(study);
  const headerWorkers = () => page.workers().filter((w) => w.url().includes('header'));
  await page.goto('/?backend=wasm');
  await expect.poll(() => headerWorkers().length).toBe(2);
  return { study, truth, headerWorkers };
}

test('header workers that die before a folder is opened: the page lists the folder itself, the next folder gets new workers', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const { study, truth, headerWorkers } = await withHeaderWorkersStarted(page);
  for (const worker of headerWorkers()) {
    const closed = new Promise<void>((resolve) => {
      worker.once('close', () => {
        resolve();
      });
    });
    await worker.evaluate('setTimeout(() => self.close(), 0)');
    await closed;
  }
  expect(headerWorkers()).toHaveLength(0);
  await openFolder(page, study);
  await waitForImages(page);
  await expect(page.getByTestId('series-row')).toHaveCount(4);
  expect(await seriesPhases(page)).toEqual(truth.generator.seriesPhases);
  await openFolder(page, study);
  await waitForImages(page);
  await expect.poll(() => headerWorkers().length).toBe(2);
  expect(await seriesPhases(page)).toEqual(truth.generator.seriesPhases);
});

test('while header workers take the files and never answer, a first look at the folder is shown; then the page lists it itself', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const { study, truth, headerWorkers } = await withHeaderWorkersStarted(page);
  // Silent from now on: no header is listed until the page gives up on them (8 s).
  for (const worker of headerWorkers()) await worker.evaluate('self.onmessage = () => {}');
  await openFolder(page, study);
  const preview = page.getByTestId('series-preview');
  await expect(preview).toHaveAttribute('data-first-look', 'true');
  await expect(preview).toHaveAttribute('data-state', 'shown');
  await expect(preview).toContainText('(0 of');
  expect(Object.keys(truth.generator.seriesPhases)).toContain(await preview.getAttribute('data-series-uid'));
  expect((await pixelStats(preview.locator('canvas'))).levels).toBeGreaterThan(20);
  await waitForImages(page);
  expect(await seriesPhases(page)).toEqual(truth.generator.seriesPhases);
});
