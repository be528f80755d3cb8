import { expect, type Locator, type Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { join } from 'node:path';
import { readAnnotations } from './study-files';

export const PHASES = ['NC', 'ART', 'PV', 'DL'] as const;

/** Opens a folder through the `open-folder` input, as a user picking it would. */
export async function openFolder(page: Page, dir: string): Promise<void> {
  await page.getByTestId('open-folder').setInputFiles(dir);
}

export async function waitForImages(page: Page): Promise<void> {
  await expect(page.locator('main[data-ready="true"]')).toBeVisible({ timeout: 60_000 });
}

/**
 * What a viewport shows, read from its pixels (events can fire while a canvas stays black):
 * the share of pixels brighter than near-black, the share near white, and the number of grey levels.
 */
export async function pixelStats(
  viewport: Locator,
): Promise<{ brightShare: number; saturatedShare: number; levels: number }> {
  const png = PNG.sync.read(await viewport.screenshot());
  let bright = 0;
  let saturated = 0;
  const levels = new Set<number>();
  for (let p = 0; p < png.width * png.height; p++) {
    const grey = Math.round(
      (png.data[4 * p] ?? 0) * 0.3 + (png.data[4 * p + 1] ?? 0) * 0.59 + (png.data[4 * p + 2] ?? 0) * 0.11,
    );
    if (grey > 40) bright++;
    if (grey > 230) saturated++;
    levels.add(grey);
  }
  const pixels = png.width * png.height;
  return { brightShare: bright / pixels, saturatedShare: saturated / pixels, levels: levels.size };
}

export async function expectRendered(page: Page, phase: string): Promise<void> {
  const viewport = page.getByTestId(`viewport-${phase}`);
  // The image appears once its slice is decoded: poll the pixels rather than sleep.
  await expect
    .poll(async () => (await pixelStats(viewport)).brightShare, { timeout: 30_000, message: `${phase} shows an image` })
    .toBeGreaterThan(0.1);
  expect((await pixelStats(viewport)).levels).toBeGreaterThan(50);
}

export async function sliceIndex(page: Page, phase: string): Promise<number> {
  return Number(await page.getByTestId(`viewport-${phase}`).getAttribute('data-slice-index'));
}

export async function seriesPhases(page: Page): Promise<Record<string, string>> {
  const rows = page.getByTestId('series-row');
  const result: Record<string, string> = {};
  for (const row of await rows.all()) {
    result[(await row.getAttribute('data-series-uid')) ?? '?'] = (await row.getAttribute('data-phase')) ?? '?';
  }
  return result;
}

/** Patient mm under a page point, read from the viewer's own cursor readout. */
export async function pointAt(page: Page, phase: string, x: number, y: number): Promise<number[]> {
  await page.mouse.move(x, y);
  const cursor = page.getByTestId(`cursor-${phase}`);
  await expect(cursor).toBeVisible();
  return ((await cursor.getAttribute('data-point')) ?? '').split(',').map(Number);
}

/** Scrolls `phase` to slice `target` with the wheel over its viewport; returns the viewport's box. */
export async function scrollToSlice(
  page: Page,
  phase: string,
  target: number,
): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await page.getByTestId(`viewport-${phase}`).boundingBox();
  if (box === null) throw new Error(`no ${phase} viewport`);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  // One notch at a time, each awaited: a burst of wheel events may be coalesced or overshoot.
  let current = await sliceIndex(page, phase);
  for (let notches = 2 * Math.abs(target - current) + 4; current !== target; notches--) {
    if (notches === 0) throw new Error(`the ${phase} viewport does not settle on slice ${String(target)}`);
    await page.mouse.wheel(0, Math.sign(target - current) * 120);
    const before = current;
    await expect.poll(async () => (current = await sliceIndex(page, phase))).not.toBe(before);
  }
  return box;
}

/**
 * Scrolls `phase` to slice `target` with the wheel, then draws an ellipse (centre outwards)
 * around the patient point `center` with `radiusMm`, converting mm to screen through two cursor
 * readouts (an axial view: x and y map linearly).
 */
export async function drawEllipseAround(
  page: Page,
  phase: string,
  target: number,
  center: readonly number[],
  radiusMm: number,
): Promise<void> {
  const box = await scrollToSlice(page, phase, target);
  const [x0, y0] = [box.x + box.width * 0.3, box.y + box.height * 0.3];
  const [x1, y1] = [box.x + box.width * 0.7, box.y + box.height * 0.7];
  const a = await pointAt(page, phase, x0, y0);
  const b = await pointAt(page, phase, x1, y1);
  const mmPerPxX = ((b[0] ?? 0) - (a[0] ?? 0)) / (x1 - x0);
  const mmPerPxY = ((b[1] ?? 0) - (a[1] ?? 0)) / (y1 - y0);
  const cx = x0 + ((center[0] ?? 0) - (a[0] ?? 0)) / mmPerPxX;
  const cy = y0 + ((center[1] ?? 0) - (a[1] ?? 0)) / mmPerPxY;
  const r = radiusMm / Math.abs(mmPerPxX);
  await page.getByRole('button', { name: 'Ellipse ROI' }).click();
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  await page.mouse.move(cx + r / 2, cy + r / 2, { steps: 3 });
  await page.mouse.move(cx + r, cy + r, { steps: 3 });
  await page.mouse.up();
}

const CLASSES = ['CYST', 'FNH', 'HCC', 'HEM', 'METS'];

/** Each lesion's answer and probabilities once the page has classified the study's annotated ROIs. */
export async function lesionAnswers(page: Page, dir: string): Promise<Record<string, string>> {
  await openFolder(page, dir);
  await waitForImages(page);
  await page.getByTestId('open-annotations').setInputFiles(join(dir, 'annotations.json'));
  const rows = page.getByTestId('lesion-row');
  await expect(rows).toHaveCount(readAnnotations(dir).lesions.length);
  const result: Record<string, string> = {};
  for (const row of await rows.all()) {
    await expect(row).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    const probabilities = await Promise.all(CLASSES.map((c) => row.getAttribute(`data-prob-${c}`)));
    result[(await row.getAttribute('data-lesion-id')) ?? '?'] =
      `${(await row.getAttribute('data-predicted')) ?? ''} ${probabilities.map((p) => Number(p).toFixed(3)).join(' ')}`;
  }
  return result;
}

/** Opens the demo in a loaded page, loads its annotated ROIs, and returns what the page answers for lesion `id`. */
export async function demoAnswerFor(page: Page, id: string): Promise<string> {
  await page.getByTestId('load-demo').click();
  await waitForImages(page);
  await page.getByTestId('load-study-annotations').click();
  const annotated = page.locator(`[data-testid="lesion-row"][data-lesion-id="${id}"]`);
  await expect(annotated).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  const answer = await annotated.getAttribute('data-predicted');
  expect(answer).not.toBeNull();
  return answer ?? '';
}
