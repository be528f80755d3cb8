/**
 * Multi-frame CT (Enhanced CT with ART and PV as two acquisitions of one series; Legacy Converted
 * Enhanced CT) opens, scrolls, reads HU and classifies exactly like the same study written one
 * file per slice.
 */
import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { ENHANCED, GENERATED, LEGACY_MULTI_FRAME, huInFile } from './fixtures';
import { lesionAnswers, pixelStats, sliceIndex } from '../test-support/browser/page-helpers';

const PHASES = ['NC', 'ART', 'PV', 'DL'];

async function ready(page: Page): Promise<void> {
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('inference-status')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
}

/** How the PV viewport looks, without the cursor readout. */
async function pvLooks(page: Page) {
  await page.mouse.move(0, 0);
  return pixelStats(page.getByTestId('viewport-PV'));
}

async function rowPhases(page: Page): Promise<string[]> {
  const rows = await page.getByTestId('series-row').all();
  return (await Promise.all(rows.map((row) => row.getAttribute('data-phase')))).map(String).sort();
}

test('multi-frame CT opens, scrolls, reads HU and classifies like one file per slice', async ({ page }) => {
  await ready(page);
  const single = await lesionAnswers(page, join(GENERATED, 'study-0000'));
  const singleLooks = await pvLooks(page);

  await ready(page);
  const enhanced = await lesionAnswers(page, join(ENHANCED, 'study-0000'));
  expect(await rowPhases(page)).toEqual([...PHASES].sort());
  await expect(page.locator('[data-testid="series-row"][data-phase="PV"]')).toContainText(
    'one of 2 acquisitions stored in one series',
  );
  await expect(page.getByText(/multi-frame/)).toHaveCount(0);
  // The same slice in the same window looks the same: the viewer scaled the frames to HU with
  // their own rescale (intercept −1024 in the functional groups, fixtures.ts shiftIntercept).
  const enhancedLooks = await pvLooks(page);
  expect(enhancedLooks.brightShare).toBeCloseTo(singleLooks.brightShare, 2);
  expect(enhancedLooks.saturatedShare).toBeCloseTo(singleLooks.saturatedShare, 2);
  // Scrolling moves every phase through the frames, and the HU under the cursor is the one a
  // Node read of the single-frame files finds there.
  const pv = await page.getByTestId('viewport-PV').boundingBox();
  if (pv === null) throw new Error('PV viewport has no box');
  await page.mouse.move(pv.x + pv.width * 0.45, pv.y + pv.height * 0.5);
  const slices = () => Promise.all(PHASES.map((p) => sliceIndex(page, p)));
  const before = await slices();
  // Every phase moves by the same step: each stays where its own copy of the lesion is (breathing).
  const step = (before[2] ?? 0) > 12 ? -1 : 1;
  for (let i = 0; i < 3; i++) await page.mouse.wheel(0, step * 120);
  await expect.poll(slices).toEqual(before.map((index) => index + 3 * step));
  const target = (before[2] ?? 0) + 3 * step;
  await page.mouse.move(pv.x + pv.width * 0.45 + 1, pv.y + pv.height * 0.5);
  const cursor = page.getByTestId('cursor-PV');
  await expect(cursor).toHaveAttribute('data-slice-index', String(target));
  const point = ((await cursor.getAttribute('data-point')) ?? '').split(',').map(Number);
  expect(Number(await cursor.getAttribute('data-hu'))).toBe(
    await huInFile(join(GENERATED, 'study-0000'), 'PV', target, point),
  );
  expect(enhanced).toEqual(single);

  await ready(page);
  expect(await lesionAnswers(page, join(LEGACY_MULTI_FRAME, 'study-0000'))).toEqual(single);
  expect(await rowPhases(page)).toEqual([...PHASES].sort());
});
