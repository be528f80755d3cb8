import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { nearestSliceIndex } from '../src/core/viewer/slice-position';
import { phasePositions, readAnnotations } from './fixtures';
import { demoAnswerFor, drawEllipseAround, waitForImages } from '../test-support/browser/page-helpers';

const DEMO = join(import.meta.dirname, '..', 'public', 'demo', 'study-0000');
const CLASSES = ['CYST', 'FNH', 'HCC', 'HEM', 'METS'];

test.describe('classification in the page', () => {
  test("the demo study's annotated lesions are classified on WASM with two threads", async ({ page }) => {
    const truth = readAnnotations(DEMO);
    await page.goto('/?backend=wasm&threads=2');
    const status = page.getByTestId('inference-status');
    await expect(status).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
    await expect(status).toHaveAttribute('data-backend', 'wasm');
    await expect(status).toHaveAttribute('data-thread', 'worker');
    // Served cross-origin isolated, tfjs-wasm runs threaded (here on the two threads asked for).
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await expect(status).toHaveAttribute('data-threads', '2');
    await expect(status).toContainText('on wasm, 2 threads');
    await expect(status).toContainText('not for clinical use');
    await page.getByTestId('load-demo').click();
    await waitForImages(page);
    await page.getByTestId('load-study-annotations').click();
    const rows = page.getByTestId('lesion-row');
    await expect(rows).toHaveCount(truth.lesions.length);
    for (const row of await rows.all()) await expect(row).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    let right = 0;
    for (const [i, lesion] of truth.lesions.entries()) {
      const row = rows.nth(i);
      const probabilities = await Promise.all(
        CLASSES.map(async (c) => Number(await row.getAttribute(`data-prob-${c}`))),
      );
      // Calibrated, over the lesion classes and "no focal lesion".
      const none = Number(await row.getAttribute('data-prob-none'));
      expect(probabilities.reduce((a, b) => a + b, 0) + none).toBeCloseTo(1, 2);
      if ((await row.getAttribute('data-predicted')) === lesion.label) right++;
    }
    // Five lesions: allow one miss (the model names about nine in ten test lesions right).
    expect(right).toBeGreaterThanOrEqual(truth.lesions.length - 1);
    await expect(page.getByTestId('running-accuracy')).toContainText(`of ${String(truth.lesions.length)} lesions`);
    expect(Number(await status.getAttribute('data-ms'))).toBeGreaterThan(0);
    await page.screenshot({ path: 'test-results/screenshots/classification-demo.png' });
  });

  test('an ROI drawn with the mouse around the demo HCC gets the answer its annotated ROI gets', async ({ page }) => {
    const hcc = readAnnotations(DEMO).lesions.find((l) => l.label === 'HCC') as {
      id: string;
      center: number[];
      radiusMm?: number;
      phase: string;
    };
    // What the page answers for the lesion's annotated ROI (the model card counts these; a model
    // may take this HCC for another class, so the drawing is checked against the page, not the label).
    await page.goto('/?backend=wasm');
    const expected = await demoAnswerFor(page, hcc.id);

    await page.goto('/?backend=wasm');
    await page.getByTestId('load-demo').click();
    await waitForImages(page);
    const target = nearestSliceIndex(await phasePositions(DEMO, 'PV'), hcc.center[2] ?? 0);
    await drawEllipseAround(page, 'PV', target, hcc.center, (hcc.radiusMm ?? 10) * 1.1);
    const row = page.getByTestId('lesion-row');
    await expect(row).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await expect(row).toHaveAttribute('data-predicted', expected);
  });

  test('a missing model, or one whose manifest disagrees with its graph, is said in the banner; the viewer still works', async ({
    page,
  }) => {
    await page.route('**/models/*/manifest.json', (route) => route.fulfill({ status: 404, body: 'not found' }));
    await page.goto('/?backend=wasm');
    await expect(page.getByTestId('inference-status')).toHaveAttribute('data-state', 'error', { timeout: 60_000 });
    await expect(page.getByTestId('error-banner')).toContainText("the model's manifest is missing");
    await page.getByTestId('load-demo').click();
    await waitForImages(page);

    await page.unroute('**/models/*/manifest.json');
    await page.route('**/models/*/manifest.json', async (route) => {
      const manifest = (await (await route.fetch()).json()) as { classes: string[] };
      await route.fulfill({ json: { ...manifest, classes: manifest.classes.slice(0, 4) } });
    });
    await page.goto('/?backend=wasm');
    await expect(page.getByTestId('error-banner')).toContainText(
      // The warm-up pass has as many inputs as the manifest's test-time views.
      /the model gives \[\d+,6\], its manifest describes 5 outputs/,
      {
        timeout: 60_000,
      },
    );
  });

  test('where no worker can start, the model loads and runs in the page, and the page says so', async ({ page }) => {
    await page.addInitScript({ content: 'window.Worker = undefined;' });
    await page.goto('/?backend=wasm');
    const status = page.getByTestId('inference-status');
    await expect(status).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
    await expect(status).toHaveAttribute('data-thread', 'page');
    await expect(status).toContainText('in the page (no worker could start)');
  });

  test('without WebGPU (no --enable-unsafe-webgpu here) the app falls back and says which backend it uses', async ({
    page,
  }) => {
    await page.goto('/?backend=webgpu');
    const status = page.getByTestId('inference-status');
    await expect(status).toHaveAttribute('data-state', 'ready', { timeout: 90_000 });
    const backend = await status.getAttribute('data-backend');
    expect(['webgl', 'wasm', 'cpu']).toContain(backend);
    const threads = Number(await status.getAttribute('data-threads'));
    await expect(status).toContainText(
      `on ${backend ?? '?'}${threads > 1 ? `, ${String(threads)} threads` : ''} (webgpu`,
    );
  });
});
