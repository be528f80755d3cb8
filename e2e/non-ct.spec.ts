/**
 * Images that are no contrast-phase CT are shown, with the window their file gives, and never
 * classified: an MR image alone in a folder (JPEG-LS), and a screen capture next to a CT study.
 */
import { expect, test, type Locator } from '@playwright/test';
import { join } from 'node:path';
import { DATA } from './fixtures';
import { expectRendered, openFolder, pixelStats, waitForImages } from '../test-support/browser/page-helpers';

async function expectShown(view: Locator): Promise<void> {
  await expect(view).toHaveAttribute('data-state', 'shown', { timeout: 30_000 });
  await expect
    .poll(async () => (await pixelStats(view.locator('.viewport'))).brightShare, { message: 'the image is drawn' })
    .toBeGreaterThan(0.05);
  expect((await pixelStats(view.locator('.viewport'))).levels).toBeGreaterThan(30);
}

test('an MR image alone is shown with its own window, and never classified', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await openFolder(page, join(DATA, 'mr-jpeg-ls'));
  const view = page.getByTestId('series-view');
  await expect(view).toHaveAttribute('data-modality', 'MR');
  await expectShown(view);
  // The file's WindowCenter 120 / WindowWidth 500, not the CT liver window (W 150 L 90).
  await expect(view).toHaveAttribute('data-window-center', '120');
  await expect(view).toHaveAttribute('data-window-width', '500');
  await expect(view).toContainText('shown for viewing only, never classified');
  const row = page.getByTestId('series-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('not CT (modality MR): shown for viewing only, never classified');
  await expect(row.locator('select')).toHaveCount(0);
  await expect(page.getByTestId('lesion-row')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Back to the phases' })).toHaveCount(0);
});

test('a screen capture beside a CT study can be looked at, then the phases come back', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await openFolder(page, join(DATA, 'secondary-capture'));
  await waitForImages(page);
  await expect(page.getByTestId('series-view')).toHaveCount(0);
  const capture = page.getByTestId('series-row').filter({ hasText: 'Screen capture' });
  await capture.getByTestId('view-series').click();
  const view = page.getByTestId('series-view');
  await expect(view).toHaveAttribute('data-modality', 'OT');
  await expectShown(view);
  await expect(view).toHaveAttribute('data-slice-index', '1');
  await expect(view).toContainText('image 2/3');
  await page.getByRole('button', { name: 'Back to the phases' }).click();
  await expect(view).toHaveCount(0);
  await expectRendered(page, 'PV');
});
