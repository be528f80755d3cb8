import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { DATA, GENERATED } from './fixtures';
import { expectRendered, lesionAnswers, openFolder, waitForImages } from '../test-support/browser/page-helpers';

test.describe('bad input gets a clear message, never a blank page', () => {
  test('a folder with no DICOM file', async ({ page }) => {
    await page.goto('/?backend=wasm');
    await openFolder(page, join(DATA, 'no-dicom'));
    await expect(page.getByTestId('error-banner')).toContainText('No DICOM images in the 3 files opened.');
    await expect(page.getByTestId('study-note')).toContainText('3 files skipped');
    await expect(page.getByTestId('load-demo')).toBeEnabled();
  });

  test('a truncated file is skipped and named; the rest of the study opens', async ({ page }) => {
    await page.goto('/?backend=wasm');
    await openFolder(page, join(DATA, 'truncated'));
    await waitForImages(page);
    await expect(page.getByTestId('error-banner')).toContainText('1 truncated (the file ends early)');
    await expect(page.getByTestId('series-row')).toHaveCount(4);
    await expectRendered(page, 'NC');
  });

  test('a non-CT series (a secondary capture) is listed as such and not given a phase', async ({ page }) => {
    await page.goto('/?backend=wasm');
    await openFolder(page, join(DATA, 'secondary-capture'));
    await waitForImages(page);
    const capture = page.getByTestId('series-row').filter({ hasText: 'Screen capture' });
    await expect(capture).toHaveAttribute('data-phase', 'unknown');
    await expect(capture).toContainText('not CT (modality OT)');
    await expect(page.getByTestId('series-row')).toHaveCount(5);
  });

  test('two studies in one folder: one is shown, the other can be chosen', async ({ page }) => {
    await page.goto('/?backend=wasm');
    await openFolder(page, join(DATA, 'two-studies'));
    await waitForImages(page);
    await expect(page.getByTestId('error-banner')).toContainText('This folder holds 2 studies');
    await expect(page.getByTestId('series-row')).toHaveCount(8);
    await page.getByRole('button', { name: 'Show' }).click();
    await waitForImages(page);
    await expectRendered(page, 'PV');
  });

  test('phases with different slice counts and spacing are matched by position and said so', async ({ page }) => {
    await page.goto('/?backend=wasm');
    await openFolder(page, join(DATA, 'different-spacing'));
    await waitForImages(page);
    await expect(page.getByTestId('study-note').filter({ hasText: 'differ in slice count or spacing' })).toBeVisible();
    for (const phase of ['NC', 'ART', 'PV', 'DL']) await expectRendered(page, phase);
  });

  test('twenty damaged copies of one series mixed into a study: it opens and classifies as before, and says what it left out', async ({
    page,
  }) => {
    test.setTimeout(180_000);
    await page.goto('/?backend=wasm');
    await expect(page.getByTestId('inference-status')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
    const before = await lesionAnswers(page, join(GENERATED, 'study-0000'));
    await page.goto('/?backend=wasm');
    await expect(page.getByTestId('inference-status')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
    const after = await lesionAnswers(page, join(DATA, 'damaged-copies'));
    expect(after).toEqual(before);
    const phases = await Promise.all(
      (await page.getByTestId('series-row').all()).map((r) => r.getAttribute('data-phase')),
    );
    for (const phase of ['NC', 'ART', 'PV', 'DL']) expect(phases.filter((p) => p === phase)).toHaveLength(1);
    // The cut copies are named in the banner; the rest are listed with the series they were left out of.
    await expect(page.getByTestId('error-banner')).toContainText('truncated (the file ends early)');
    await expect(page.getByTestId('series-row').filter({ hasText: /left out|duplicate slice/ })).not.toHaveCount(0);
  });
});
