import { expect, test } from '@playwright/test';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { GENERATED, seriesDirs } from './fixtures';
import { expectRendered, openFolder, pixelStats, waitForImages } from '../test-support/browser/page-helpers';

const STUDY = join(GENERATED, 'study-0001');

test('the demo study opens from its button, with all four phases', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await page.getByTestId('load-demo').click();
  await waitForImages(page);
  await expect(page.getByTestId('series-row')).toHaveCount(4);
  for (const phase of ['NC', 'ART', 'PV', 'DL']) await expectRendered(page, phase);
  await page.screenshot({ path: 'test-results/screenshots/viewer-demo.png' });
});

test('files dropped on the page open like a folder', async ({ page }) => {
  await page.goto('/?backend=wasm');
  const files = seriesDirs(STUDY).flatMap((dir) =>
    readdirSync(dir).map((name) => ({ name, data: readFileSync(join(dir, name)).toString('base64') })),
  );
  // Built in the page (this file is type-checked without the DOM library, hence the string).
  const transfer = await page.evaluateHandle(`(() => {
    const dt = new DataTransfer();
    for (const f of ${JSON.stringify(files)}) {
      const bytes = Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], f.name));
    }
    return dt;
  })()`);
  await page.dispatchEvent('.drop-target', 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent('.drop-target', 'drop', { dataTransfer: transfer });
  await waitForImages(page);
  await expect(page.getByTestId('series-row')).toHaveCount(4);
  await expectRendered(page, 'ART');
});

test('a phase can be reassigned by hand, and window presets change the picture', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await openFolder(page, STUDY);
  await waitForImages(page);
  const art = page.locator('[data-testid="series-row"][data-phase="ART"]');
  const uid = await art.getAttribute('data-series-uid');
  await art.getByRole('combobox').selectOption('unknown');
  const row = page.locator(`[data-testid="series-row"][data-series-uid="${uid ?? ''}"]`);
  await expect(row).toHaveAttribute('data-phase', 'unknown');
  await expect(row).toContainText('phase set by you');
  await expect(page.getByTestId('viewport-ART')).toHaveCount(0);
  await expect(page.getByTestId('study-note').filter({ hasText: 'No ART series' })).toBeVisible();

  await waitForImages(page);
  await expectRendered(page, 'PV');
  const liver = await pixelStats(page.getByTestId('viewport-PV'));
  await page.getByRole('button', { name: 'bone' }).click();
  await expect(page.getByLabel('Window width')).toHaveValue('1800');
  await expect(page.getByLabel('Window level')).toHaveValue('400');
  // Enhanced liver and vessels saturate the narrow liver window; in the bone window only bone does.
  expect(liver.saturatedShare).toBeGreaterThan(0.01);
  await expect
    .poll(async () => (await pixelStats(page.getByTestId('viewport-PV'))).saturatedShare)
    .toBeLessThan(liver.saturatedShare / 3);
});

test('zooming and panning one phase zooms and pans them all', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await openFolder(page, STUDY);
  await waitForImages(page);
  const phases = ['NC', 'ART', 'PV', 'DL'];
  const zoom = () => Promise.all(phases.map((p) => page.getByTestId(`viewport-${p}`).getAttribute('data-zoom-mm')));
  const centerXY = () =>
    Promise.all(
      phases.map(async (p) =>
        ((await page.getByTestId(`viewport-${p}`).getAttribute('data-view-center')) ?? '')
          .split(',')
          .slice(0, 2)
          .join(','),
      ),
    );
  await expect.poll(async () => new Set(await zoom()).size).toBe(1);
  const [before] = await zoom();
  const box = await page.getByTestId('viewport-ART').boundingBox();
  if (box === null) throw new Error('no ART viewport');
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  // Right drag zooms, middle drag pans (Cornerstone's bindings).
  await page.mouse.move(x, y);
  await page.mouse.down({ button: 'right' });
  await page.mouse.move(x, y + 60, { steps: 6 });
  await page.mouse.up({ button: 'right' });
  await expect.poll(async () => (await zoom())[1]).not.toBe(before);
  await expect.poll(async () => new Set(await zoom()).size).toBe(1);
  const [panBefore] = await centerXY();
  await page.mouse.down({ button: 'middle' });
  await page.mouse.move(x + 50, y - 30, { steps: 6 });
  await page.mouse.up({ button: 'middle' });
  await expect.poll(async () => (await centerXY())[1]).not.toBe(panBefore);
  await expect.poll(async () => new Set(await centerXY()).size).toBe(1);
});
