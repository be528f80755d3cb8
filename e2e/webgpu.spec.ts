/**
 * The WebGPU path itself: Chromium started with --enable-unsafe-webgpu gets SwiftShader's
 * emulated adapter (docs/architecture.md: correct but very slow on a CPU), so two lesions only. Their
 * probabilities on WebGPU must equal those on WASM, the backend the parity test ties to the
 * training side; the switch between the two goes through the page's settings control.
 */
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { CHROMIUM_ARGS } from '../playwright.config';
import { LESION_CLASSES } from '../src/core/labels';
import { readAnnotations } from './fixtures';
import { waitForImages } from '../test-support/browser/page-helpers';

const DEMO = join(import.meta.dirname, '..', 'public', 'demo', 'study-0000');

test.use({
  launchOptions: { executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, '--enable-unsafe-webgpu'] },
});

test('WebGPU gives the probabilities WASM gives, to 1e-3', async ({ page }) => {
  test.setTimeout(900_000);
  const truth = readAnnotations(DEMO);
  const two = { ...truth, lesions: truth.lesions.slice(0, 2) };
  await page.goto('/?backend=webgpu');
  const status = page.getByTestId('inference-status');
  await expect(status).toHaveAttribute('data-state', 'ready', { timeout: 600_000 });
  await expect(status).toHaveAttribute('data-backend', 'webgpu');
  await page.getByTestId('load-demo').click();
  await waitForImages(page);
  await page.getByTestId('open-annotations').setInputFiles({
    name: 'annotations.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(two)),
  });
  const rows = page.getByTestId('lesion-row');
  await expect(rows).toHaveCount(2);
  const read = async () => {
    for (const row of await rows.all()) await expect(row).toHaveAttribute('data-state', 'done', { timeout: 600_000 });
    return Promise.all(
      (await rows.all()).map((row) =>
        Promise.all(LESION_CLASSES.map(async (c) => Number(await row.getAttribute(`data-prob-${c}`)))),
      ),
    );
  };
  const webgpu = await read();
  const webgpuMs = Number(await status.getAttribute('data-ms'));

  await page.getByTestId('backend-select').selectOption('wasm');
  await expect(status).toHaveAttribute('data-backend', 'wasm', { timeout: 120_000 });
  expect(new URL(page.url()).searchParams.get('backend')).toBe('wasm');
  const wasm = await read();
  const wasmMs = Number(await status.getAttribute('data-ms'));

  const worst = Math.max(...webgpu.flatMap((row, i) => row.map((p, c) => Math.abs(p - (wasm[i]?.[c] ?? Number.NaN)))));
  console.log(
    `WebGPU (SwiftShader) vs WASM: largest difference ${worst.toExponential(2)}; last inference ${webgpuMs.toFixed(0)} ms vs ${wasmMs.toFixed(0)} ms`,
  );
  expect(worst).toBeLessThan(1e-3);
});

test('the automatic choice passes over GPUs emulated in software, and says so', async ({ page }) => {
  await page.goto('/');
  const status = page.getByTestId('inference-status');
  await expect(status).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  await expect(status).toHaveAttribute('data-backend', 'wasm');
  await expect(status).toContainText('webgpu, webgl emulated in software here');
  await expect(page.getByTestId('backend-select')).toHaveValue('auto');
});

test('when the GPU device is lost mid-session, classification goes on on WASM, gives the same result and says so', async ({
  page,
  browser,
}) => {
  test.setTimeout(900_000);
  const truth = readAnnotations(DEMO);
  const first = truth.lesions.slice(0, 1);
  const annotations = (lesions: typeof first) => ({
    name: 'annotations.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ ...truth, lesions })),
  });
  const probabilities = (row: ReturnType<typeof page.getByTestId>) =>
    Promise.all(LESION_CLASSES.map(async (c) => Number(await row.getAttribute(`data-prob-${c}`))));
  await page.goto('/?backend=webgpu');
  const status = page.getByTestId('inference-status');
  await expect(status).toHaveAttribute('data-backend', 'webgpu', { timeout: 600_000 });
  await page.getByTestId('load-demo').click();
  await waitForImages(page);
  await page.getByTestId('open-annotations').setInputFiles(annotations(first));
  const row = page.getByTestId('lesion-row');
  await expect(row).toHaveAttribute('data-state', 'done', { timeout: 600_000 });
  const onGpu = await probabilities(row);

  // What a driver reset does: Chromium's GPU process goes, and every WebGPU device with it.
  const cdp = await browser.newBrowserCDPSession();
  await cdp.send('Browser.crashGpuProcess');
  // The same ROI under another id, so it is classified afresh.
  await page.getByTestId('open-annotations').setInputFiles(annotations(first.map((l) => ({ ...l, id: 'again' }))));
  const again = page.locator('[data-testid="lesion-row"][data-lesion-id="again"]');
  await expect(again).toHaveAttribute('data-state', 'done', { timeout: 300_000 });
  await expect(status).toHaveAttribute('data-backend', 'wasm');
  await expect(status).toHaveAttribute('data-fallback', /the webgpu device was lost .*now runs on wasm/);
  await expect(page.getByTestId('error-banner')).toContainText('The GPU stopped working');
  const onWasm = await probabilities(again);
  const worst = Math.max(...onGpu.map((p, c) => Math.abs(p - (onWasm[c] ?? Number.NaN))));
  console.log(
    `after the GPU process crashed: ${(await status.getAttribute('data-fallback')) ?? ''}; largest difference ${worst.toExponential(2)}`,
  );
  expect(worst).toBeLessThan(1e-3);
});
