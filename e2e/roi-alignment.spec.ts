import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { GENERATED, phasePositions, readAnnotations } from './fixtures';
import { openFolder, sliceIndex, waitForImages } from './helpers';

const STUDY = join(GENERATED, 'study-0000');

/** Patient mm under a page point, read from the viewer's own cursor readout. */
async function pointAt(page: Page, x: number, y: number): Promise<number[]> {
  await page.mouse.move(x, y);
  const cursor = page.getByTestId('cursor-PV');
  await expect(cursor).toBeVisible();
  return ((await cursor.getAttribute('data-point')) ?? '').split(',').map(Number);
}

test('an ROI drawn around a lesion on PV is aligned to where breathing moved it on the other phases', async ({
  page,
}) => {
  const truth = readAnnotations(STUDY);
  const lesion = truth.lesions.find((l) => l.id === 'L1') as (typeof truth.lesions)[number] & {
    radiusMm: number;
    phaseCenters: Record<string, number[]>;
  };
  expect(lesion.phase).toBe('PV');
  await page.goto('/');
  await openFolder(page, STUDY);
  await waitForImages(page);

  // Scroll PV to the slice through the lesion centre.
  const positions = await phasePositions(STUDY, 'PV');
  const z = lesion.center[2] ?? 0;
  const target = positions.reduce(
    (best, p, i) => (Math.abs(p - z) < Math.abs((positions[best] ?? 0) - z) ? i : best),
    0,
  );
  const box = await page.getByTestId('viewport-PV').boundingBox();
  if (box === null) throw new Error('no PV viewport');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const steps = target - (await sliceIndex(page, 'PV'));
  for (let i = 0; i < Math.abs(steps); i++) await page.mouse.wheel(0, Math.sign(steps) * 120);
  await expect.poll(() => sliceIndex(page, 'PV')).toBe(target);

  // Screen → patient mapping of this axial view, from two cursor readouts.
  const [x0, y0] = [box.x + box.width * 0.3, box.y + box.height * 0.3];
  const [x1, y1] = [box.x + box.width * 0.7, box.y + box.height * 0.7];
  const a = await pointAt(page, x0, y0);
  const b = await pointAt(page, x1, y1);
  const mmPerPx = ((b[0] ?? 0) - (a[0] ?? 0)) / (x1 - x0);
  const toScreen = (p: number[]) => [
    x0 + ((p[0] ?? 0) - (a[0] ?? 0)) / mmPerPx,
    y0 + ((p[1] ?? 0) - (a[1] ?? 0)) / (((b[1] ?? 0) - (a[1] ?? 0)) / (y1 - y0)),
  ];
  const [cx, cy] = toScreen(lesion.center);
  const radiusPx = (lesion.radiusMm * 1.1) / Math.abs(mmPerPx);

  // The ellipse tool draws from the centre outwards.
  await page.getByRole('button', { name: 'Ellipse ROI' }).click();
  await page.mouse.move(cx ?? 0, cy ?? 0);
  await page.mouse.down();
  await page.mouse.move((cx ?? 0) + radiusPx / 2, (cy ?? 0) + radiusPx / 2, { steps: 3 });
  await page.mouse.move((cx ?? 0) + radiusPx, (cy ?? 0) + radiusPx, { steps: 3 });
  await page.mouse.up();
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
