import { expect, test } from '@playwright/test';

interface DemoIndex {
  readonly study: string;
  readonly annotations: string;
  readonly files: readonly string[];
}

test('the viewer shell loads offline-clean: no errors, no request leaves the origin', async ({ page, baseURL }) => {
  const errors: string[] = [];
  const foreign: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('request', (request) => {
    // blob: URLs of the app's own origin are made in the page (tfjs-wasm's thread workers) and never reach a network.
    const url = request.url().replace(/^blob:/, '');
    if (!url.startsWith(baseURL ?? '')) foreign.push(request.url());
  });

  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Liver Lesion Viewer' })).toBeVisible();
  await expect(page.getByTestId('disclaimer')).toContainText('not for clinical use');
  for (const phase of ['NC', 'ART', 'PV', 'DL']) {
    const viewport = page.getByTestId(`viewport-${phase}`);
    await expect(viewport).toBeVisible();
    const box = await viewport.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(100);
  }
  await page.screenshot({ path: 'test-results/screenshots/app-shell.png' });
  expect(errors).toEqual([]);
  expect(foreign).toEqual([]);
});

test('the bundled demo study is served with the app', async ({ request }) => {
  const response = await request.get('/demo/index.json');
  expect(response.status()).toBe(200);
  const index = (await response.json()) as DemoIndex;
  expect(index.files).toHaveLength(4 * 48);
  const annotations = (await (await request.get(`/demo/${index.annotations}`)).json()) as {
    lesions: { label: string }[];
  };
  expect(new Set(annotations.lesions.map((l) => l.label))).toEqual(new Set(['CYST', 'FNH', 'HCC', 'HEM', 'METS']));
  const first = index.files[0];
  expect(first).toBeDefined();
  const dicom = await (await request.get(`/demo/${first ?? ''}`)).body();
  // Part 10 files carry the "DICM" magic after a 128-byte preamble.
  expect(dicom.subarray(128, 132).toString('ascii')).toBe('DICM');
  // Stored as lossless JPEG-LS (precached for offline use): its transfer syntax, and a frame of some size.
  expect(dicom.subarray(0, 1024).toString('latin1')).toContain('1.2.840.10008.1.2.4.80');
  expect(dicom.length).toBeGreaterThan(20_000);
});
