import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { GENERATED, REAL_CT, huInFile, readAnnotations } from './fixtures';
import {
  PHASES,
  expectRendered,
  openFolder,
  seriesPhases,
  sliceIndex,
  waitForImages,
} from '../test-support/browser/page-helpers';

const STUDY = join(GENERATED, 'study-0000');

test.describe('the multi-phase viewer', () => {
  test('opens a generated 4-phase study, syncs scrolling, carries a drawn ROI, loads annotations', async ({
    page,
    baseURL,
  }) => {
    const errors: string[] = [];
    const foreign: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('request', (request) => {
      if (!request.url().startsWith(baseURL ?? '') && !request.url().startsWith('blob:')) foreign.push(request.url());
    });
    const truth = readAnnotations(STUDY);
    await page.goto('/?backend=wasm');
    // While the folder is read, its first whole series is shown as a preview (one per folder).
    await page.evaluate(`(() => {
      const previews = (window.__previews = []);
      new MutationObserver(() => {
        const uid = document.querySelector('[data-testid="series-preview"]')?.getAttribute('data-series-uid');
        if (uid && !previews.includes(uid)) previews.push(uid);
      }).observe(document.body, { childList: true, subtree: true });
    })()`);
    await openFolder(page, STUDY);
    await waitForImages(page);

    await expect(page.getByTestId('series-row')).toHaveCount(4);
    expect(await seriesPhases(page)).toEqual(truth.generator.seriesPhases);
    const previews = await page.evaluate<string[]>('window.__previews');
    expect(previews).toHaveLength(1);
    expect(Object.keys(truth.generator.seriesPhases)).toContain(previews[0]);
    await expect(page.getByTestId('series-preview')).toHaveCount(0);
    for (const phase of PHASES) await expectRendered(page, phase);

    // Scroll sync: the wheel over PV moves every phase to the same slice (same geometry here).
    const pv = page.getByTestId('viewport-PV');
    const box = await pv.boundingBox();
    if (box === null) throw new Error('PV viewport has no box');
    const before = await sliceIndex(page, 'PV');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 4; i++) await page.mouse.wheel(0, 120);
    const allSlices = () => Promise.all(PHASES.map((phase) => sliceIndex(page, phase)));
    const moved = before + 4;
    await expect.poll(allSlices).toEqual(PHASES.map(() => moved));
    // The HU under the cursor is the stored pixel there, rescaled (checked against a Node read).
    const cursor = page.getByTestId('cursor-PV');
    await expect(cursor).toContainText('HU');
    await expect(cursor).toHaveAttribute('data-slice-index', String(moved));
    const point = ((await cursor.getAttribute('data-point')) ?? '').split(',').map(Number);
    const shownHu = Number(await cursor.getAttribute('data-hu'));
    expect(shownHu).toBe(await huInFile(STUDY, 'PV', moved, point));

    // An ellipse drawn with the mouse on PV becomes a lesion with an ROI on every phase.
    await page.getByRole('button', { name: 'Ellipse ROI' }).click();
    const cx = box.x + box.width * 0.45;
    const cy = box.y + box.height * 0.45;
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    await page.mouse.move(cx + 15, cy + 12, { steps: 4 });
    await page.mouse.move(cx + 30, cy + 24, { steps: 4 });
    await page.mouse.up();
    await expect(page.getByTestId('lesion-row')).toHaveCount(1);
    // A drawn ROI is classified on its own (WASM here); where it was drawn is arbitrary.
    await expect(page.getByTestId('lesion-row')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    for (const phase of PHASES) {
      await expect(page.getByTestId(`viewport-${phase}`).locator('svg ellipse')).toHaveCount(1);
    }
    // On the image, the ROI carries the lesion's name and answer, not Cornerstone's area text (the
    // row has the size), and the selected lesion's outline stands out.
    const answer = (await page.getByTestId('lesion-row').getAttribute('data-predicted')) ?? '';
    // A class is named on the image; a "none" answer's wording varies with its reason.
    const shortAnswer = answer === 'none' ? '' : answer;
    for (const phase of PHASES) {
      const svg = page.getByTestId(`viewport-${phase}`).locator('svg');
      await expect(svg.locator('text')).toContainText(new RegExp(`^L1 · ${shortAnswer}`));
      await expect(svg).not.toContainText('Area');
      await expect(svg.locator('ellipse')).toHaveAttribute('stroke', 'rgb(80, 220, 255)');
    }
    await expect(page.getByTestId('lesion-row')).toContainText(/ROI \d+ × \d+ mm, \d+ mm²/);
    await page.screenshot({ path: 'test-results/screenshots/viewer-drawn-roi.png' });

    // The study's annotation file replaces the drawn ROI with one row per annotated lesion.
    await page.getByTestId('open-annotations').setInputFiles(join(STUDY, 'annotations.json'));
    await expect(page.getByTestId('lesion-row')).toHaveCount(truth.lesions.length);
    const ids = await Promise.all(
      (await page.getByTestId('lesion-row').all()).map((row) => row.getAttribute('data-lesion-id')),
    );
    expect(ids).toEqual(truth.lesions.map((l) => l.id));
    for (const phase of PHASES) {
      await expect(page.getByTestId(`viewport-${phase}`).locator('svg ellipse')).toHaveCount(1);
      await expect(page.getByTestId(`viewport-${phase}`).locator('svg text')).toContainText(ids[0] ?? '?');
    }
    await page.screenshot({ path: 'test-results/screenshots/viewer-annotations.png' });

    // Export writes the same format back, ready to be loaded as training annotations.
    const download = page.waitForEvent('download');
    await page.getByTestId('export-annotations').click();
    const saved = await (await download).createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of saved) chunks.push(chunk as Buffer);
    const exported = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      studyInstanceUid: string;
      lesions: { id: string; label: string }[];
    };
    expect(exported.studyInstanceUid).toBe(truth.studyInstanceUid);
    expect(exported.lesions.map((l) => [l.id, l.label])).toEqual(truth.lesions.map((l) => [l.id, l.label]));

    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
  });

  test('opens the real CT of testdata/real-ct/hcc048-pv (JPEG-LS) as a PV series and says what is missing', async ({
    page,
  }) => {
    await page.goto('/?backend=wasm');
    await openFolder(page, REAL_CT);
    await waitForImages(page);
    const row = page.getByTestId('series-row');
    await expect(row).toHaveCount(1);
    await expect(row).toHaveAttribute('data-phase', 'PV');
    await expectRendered(page, 'PV');
    for (const phase of ['NC', 'ART', 'DL']) await expect(page.getByTestId(`viewport-${phase}`)).toHaveCount(0);
    await expect(page.getByTestId('study-note').filter({ hasText: 'No NC, ART, DL series' })).toBeVisible();
    await expect(page.getByTestId('study-note').filter({ hasText: '2 files skipped' })).toBeVisible();
    // An ROI on a single-phase study: the row says which phases the model lacks instead of guessing.
    await expect(page.getByTestId('inference-status')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
    const box = await page.getByTestId('viewport-PV').boundingBox();
    if (box === null) throw new Error('no PV viewport');
    await page.getByRole('button', { name: 'Ellipse ROI' }).click();
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.45);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.43, box.y + box.height * 0.48, { steps: 4 });
    await page.mouse.up();
    const lesion = page.getByTestId('lesion-row');
    await expect(lesion).toHaveAttribute('data-state', 'error');
    await expect(lesion).toContainText('needs NC, ART');
    expect(await lesion.getAttribute('data-predicted')).toBeNull();
    await page.screenshot({ path: 'test-results/screenshots/viewer-real-ct.png' });
  });
});
