/**
 * Real three-phase CT (testdata/real-ct/hcc009-3phase, a real HCC, committed as JPEG-LS lossless): the page answers "none" on
 * normal tissue and HCC on the tumour when the ROI is drawn around it, as the model card counts. The ROIs are the project's by-eye placements
 * (pipeline/real-ct/hcc009-rois.json), loaded as an annotation file; the page aligns them to NC
 * and ART itself, as after a user's drawing.
 */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REAL_3PHASE } from './fixtures';
import { openFolder, waitForImages } from '../test-support/browser/page-helpers';
import { SHIPPED_MODEL_ID } from '../src/core/model/shipped';

interface RoiFile {
  readonly studyInstanceUid: string;
  readonly lesions: readonly { id: string; label: string; center: number[]; radiusMm: number; phase: string }[];
  readonly normalRois: readonly { id: string; tissue: string; center: number[]; radiusMm: number; phase: string }[];
}
const ROIS = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'pipeline', 'real-ct', 'hcc009-rois.json'), 'utf8'),
) as RoiFile;
const manifest = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'public', 'models', SHIPPED_MODEL_ID, 'manifest.json'), 'utf8'),
) as { metrics: { realCt: { normal: number; normalAnsweredNone: number; lesionsNamedRight: number } } };

test('HCC009: the page answers normal tissue and the tumour as the model card counts', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('inference-status')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await openFolder(page, REAL_3PHASE);
  await waitForImages(page);
  const annotations = {
    studyInstanceUid: ROIS.studyInstanceUid,
    lesions: [
      ...ROIS.lesions,
      ...ROIS.normalRois.map((r) => ({ id: r.id, center: r.center, radiusMm: r.radiusMm, phase: r.phase })),
    ],
  };
  await page.getByTestId('open-annotations').setInputFiles({
    name: 'annotations.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(annotations)),
  });
  const rows = page.getByTestId('lesion-row');
  await expect(rows).toHaveCount(annotations.lesions.length);
  for (const row of await rows.all()) await expect(row).toHaveAttribute('data-state', 'done', { timeout: 120_000 });

  // The tumour, two ROIs: L1 drawn around it as the page asks (named HCC), L2 inside it, tumour from
  // edge to edge (liver-resnet50-v4 answers "no lesion" there). The page counts as the manifest does.
  const tumourAnswers = await Promise.all(
    ROIS.lesions.map(async (lesion) => {
      const row = page.locator(`[data-testid="lesion-row"][data-lesion-id="${lesion.id}"]`);
      const predicted = await row.getAttribute('data-predicted');
      console.log(
        `HCC009 tumour ${lesion.id} (radius ${String(lesion.radiusMm)} mm): ${predicted ?? '?'} (${(await row.getAttribute('data-reason')) ?? ''})`,
      );
      return predicted === lesion.label;
    }),
  );
  expect(tumourAnswers.filter(Boolean).length).toBe(manifest.metrics.realCt.lesionsNamedRight);
  const l1 = page.locator('[data-testid="lesion-row"][data-lesion-id="L1"]');
  await expect(l1).toHaveAttribute('data-predicted', 'HCC');
  // What the HCC answer rests on, per phase, saved for a person to look at.
  await l1.getByRole('button', { name: 'L1', exact: true }).click();
  await expect(l1.getByTestId('explanation-status')).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  for (const phase of ['NC', 'ART', 'PV']) {
    await expect(page.getByTestId(`heatmap-${phase}`)).toHaveAttribute('data-visible', 'true');
  }
  await page.screenshot({ path: 'test-results/screenshots/hcc009-heatmaps.png' });

  const answers: { id: string; tissue: string; predicted: string | null; reason: string | null }[] = [];
  for (const roi of ROIS.normalRois) {
    const row = page.locator(`[data-testid="lesion-row"][data-lesion-id="${roi.id}"]`);
    answers.push({
      id: roi.id,
      tissue: roi.tissue,
      predicted: await row.getAttribute('data-predicted'),
      reason: await row.getAttribute('data-reason'),
    });
  }
  const none = answers.filter((a) => a.predicted === 'none');
  console.log(`HCC009 normal tissue answered none: ${String(none.length)}/${String(answers.length)}`);
  for (const a of none) expect(['no-lesion', 'uncertain', 'out-of-distribution']).toContain(a.reason);
  // The page answers what the model card's figure (npm run calibrate-model, in Node) counted.
  expect(none.length).toBe(manifest.metrics.realCt.normalAnsweredNone);
  expect(answers.length).toBe(manifest.metrics.realCt.normal);

  // A "none" row says so in words, with the class bars still there but secondary.
  expect(none.length).toBeGreaterThan(0);
  for (const a of none.slice(0, 3)) {
    const row = page.locator(`[data-testid="lesion-row"][data-lesion-id="${a.id}"]`);
    await expect(row.getByTestId('lesion-answer')).toHaveText(
      /No focal lesion recognised in this ROI|Outside what this model was trained on|Uncertain: /,
    );
    await expect(row.locator('.probabilities.secondary')).toBeVisible();
  }
});
