import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { nearestSliceIndex } from '../src/core/viewer/slice-position';
import { GENERATED, phasePositions, readAnnotations } from './fixtures';
import { drawEllipseAround, openFolder, waitForImages } from '../test-support/browser/page-helpers';

const STUDY = join(GENERATED, 'study-0000');

test('an ROI drawn around a lesion on PV is aligned to where breathing moved it on the other phases', async ({
  page,
}) => {
  const truth = readAnnotations(STUDY);
  const lesion = truth.lesions.find((l) => l.id === 'L1') as (typeof truth.lesions)[number] & {
    radiusMm: number;
    phaseCenters: Record<string, number[]>;
  };
  expect(lesion.phase).toBe('PV');
  await page.goto('/?backend=wasm');
  await openFolder(page, STUDY);
  await waitForImages(page);

  // Scroll PV to the slice through the lesion centre.
  const positions = await phasePositions(STUDY, 'PV');
  const z = lesion.center[2] ?? 0;
  const target = nearestSliceIndex(positions, z);
  await drawEllipseAround(page, 'PV', target, lesion.center, lesion.radiusMm * 1.1);
  const row = page.getByTestId('lesion-row');
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-aligning', 'false');

  const download = page.waitForEvent('download');
  await page.getByTestId('export-annotations').click();
  const chunks: Buffer[] = [];
  for await (const chunk of await (await download).createReadStream()) chunks.push(chunk as Buffer);
  const exported = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
    lesions: { phaseCenters: Record<string, number[]> }[];
  };
  const centers = exported.lesions[0]?.phaseCenters ?? {};
  const report: string[] = [];
  let aligned = 0;
  for (const phase of ['NC', 'ART', 'DL']) {
    const found = centers[phase] ?? [];
    const expected = lesion.phaseCenters[phase] ?? [];
    const breathing = Math.max(...expected.map((v, i) => Math.abs(v - (lesion.center[i] ?? 0))));
    const error = Math.max(...expected.map((v, i) => Math.abs(v - (found[i] ?? Number.NaN))));
    const origin = await row.locator(`[data-phase="${phase}"]`).getAttribute('data-origin');
    report.push(
      `${phase}: moved ${breathing.toFixed(1)} mm by breathing, ROI ${error.toFixed(1)} mm off (${origin ?? '?'})`,
    );
    // Within the larger of a slice (3 mm) and a few pixels of where the lesion really is.
    if (origin === 'aligned' && error <= 3.5) aligned++;
  }
  console.log(report.join('\n'));
  await page.screenshot({ path: 'test-results/screenshots/viewer-aligned-roi.png' });
  expect(aligned, report.join('; ')).toBe(3);

  // The user can still nudge one phase's ROI: drag its outline (not a handle) on ART.
  const ellipse = page.getByTestId('viewport-ART').locator('svg ellipse');
  const shape = await ellipse.boundingBox();
  if (shape === null) throw new Error('no ROI on ART');
  const ox = shape.x + shape.width / 2 + (shape.width / 2) * Math.SQRT1_2;
  const oy = shape.y + shape.height / 2 + (shape.height / 2) * Math.SQRT1_2;
  await page.mouse.move(ox, oy);
  await page.mouse.down();
  await page.mouse.move(ox + 6, oy + 4, { steps: 3 });
  await page.mouse.move(ox + 12, oy + 8, { steps: 3 });
  await page.mouse.up();
  await expect(row.locator('[data-phase="ART"]')).toHaveAttribute('data-origin', 'nudged');
  await expect(row.locator('[data-phase="NC"]')).toHaveAttribute('data-origin', 'aligned');
});

test('DL is read and aligned only once the model has read the lesion on NC, ART and PV', async ({ page }) => {
  const truth = readAnnotations(STUDY);
  const lesion = truth.lesions.find((l) => l.id === 'L1');
  if (lesion === undefined) throw new Error('no lesion L1');
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('inference-status')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  await openFolder(page, STUDY);
  await waitForImages(page);
  const target = nearestSliceIndex(await phasePositions(STUDY, 'PV'), lesion.center[2] ?? 0);
  await drawEllipseAround(page, 'PV', target, lesion.center, lesion.radiusMm * 1.1);
  const row = page.getByTestId('lesion-row');
  await expect(row).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(row).toHaveAttribute('data-aligning', 'false');
  await expect(row.locator('[data-phase="DL"]')).toHaveAttribute('data-origin', 'aligned');
  // The page's own User Timing spans (align-phases.ts, useClassification.ts), in one clock.
  const spans = await page.evaluate(() =>
    Object.fromEntries(
      performance.getEntriesByType('measure').map((entry) => [entry.name, [entry.startTime, entry.duration]]),
    ),
  );
  const [modelStart = NaN, modelMs = NaN] = spans['classify: model'] ?? [];
  for (const phase of ['PV', 'NC', 'ART']) expect(spans[`align: read ${phase}`]?.[0], phase).toBeLessThan(modelStart);
  expect(spans['align: read DL']?.[0]).toBeGreaterThanOrEqual(modelStart + modelMs);
});
