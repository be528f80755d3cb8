/// <reference lib="dom" />
/**
 * Explanation and report on the demo study: the heatmap over each phase the model reads, the
 * enhancement curve from the same pixels as the ROI HU, and "Export finding" writing a JSON file,
 * a one-page PDF and a DICOM SR that dcmtk reads and validates.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Download, type Locator, type Page } from '@playwright/test';
import { readAnnotations } from './fixtures';
import { waitForImages } from '../test-support/browser/page-helpers';
import { SHIPPED_MODEL_ID } from '../src/core/model/shipped';

const DEMO = join(import.meta.dirname, '..', 'public', 'demo', 'study-0000');
const OUT = join(import.meta.dirname, '..', 'test-results', 'finding');
const SHOTS = join(import.meta.dirname, '..', 'test-results', 'screenshots');
const CLASSES = ['CYST', 'FNH', 'HCC', 'HEM', 'METS'];

/** Largest alpha and count of painted pixels on a phase's heatmap canvas. */
async function heatmapPixels(page: Page, phase: string): Promise<{ painted: number; maxAlpha: number }> {
  return page.getByTestId(`heatmap-${phase}`).evaluate((canvas: HTMLCanvasElement) => {
    const data =
      canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
    let painted = 0;
    let maxAlpha = 0;
    for (let i = 3; i < data.length; i += 4) {
      const a = data[i] ?? 0;
      if (a > 0) painted++;
      maxAlpha = Math.max(maxAlpha, a);
    }
    return { painted, maxAlpha };
  });
}

/** Centre of the painted pixels of a phase's heatmap canvas, CSS px. */
async function paintedCentre(page: Page, phase: string): Promise<{ x: number; y: number } | null> {
  return page.getByTestId(`heatmap-${phase}`).evaluate((canvas: HTMLCanvasElement) => {
    const data =
      canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
    let [sx, sy, n] = [0, 0, 0];
    for (let p = 0; p < data.length / 4; p++) {
      if ((data[4 * p + 3] ?? 0) === 0) continue;
      sx += p % canvas.width;
      sy += Math.floor(p / canvas.width);
      n++;
    }
    const scale = canvas.width / canvas.clientWidth;
    return n === 0 ? null : { x: sx / n / scale, y: sy / n / scale };
  });
}

/** A numeric attribute, failing when it is missing or not a number (Number(null) would read 0). */
async function number(locator: Locator, attribute: string): Promise<number> {
  const value = await locator.getAttribute(attribute);
  expect(value, attribute).toMatch(/^-?\d+(\.\d+)?$/);
  return Number(value);
}

async function save(download: Download): Promise<string> {
  const path = join(OUT, download.suggestedFilename());
  await download.saveAs(path);
  return path;
}

test('the HCC of the demo: heatmap on every input phase, enhancement curve, and the finding exported as JSON, PDF and DICOM SR', async ({
  page,
}) => {
  const truth = readAnnotations(DEMO);
  const hcc = truth.lesions.find((l) => l.label === 'HCC');
  if (hcc === undefined) throw new Error('the demo has no HCC');
  mkdirSync(OUT, { recursive: true });
  mkdirSync(SHOTS, { recursive: true });
  await page.goto('/?backend=wasm');
  await page.getByTestId('load-demo').click();
  await waitForImages(page);
  await page.getByTestId('load-study-annotations').click();
  const row = page.locator(`[data-testid="lesion-row"][data-lesion-id="${hcc.id}"]`);
  await expect(row).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await row.getByRole('button', { name: hcc.id, exact: true }).click();

  // The explanation comes from the worker while the page stays usable.
  const explanation = row.getByTestId('explanation-status');
  await expect(explanation).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  const timing = explanation.locator('[data-ms]');
  const ms = Number(await timing.getAttribute('data-ms'));
  expect(ms).toBeGreaterThan(0);
  await expect(timing).toHaveAttribute('data-backend', 'wasm');
  for (const phase of ['NC', 'ART', 'PV']) {
    const overlay = page.getByTestId(`heatmap-${phase}`);
    await expect(overlay).toHaveAttribute('data-visible', 'true');
    await expect.poll(async () => (await heatmapPixels(page, phase)).painted).toBeGreaterThan(100);
  }
  // Each phase shows its own map (hidden in that phase alone), on one shared scale: the legend's
  // end is the largest of the three, and the three are not one map painted thrice.
  const peaks = await Promise.all(
    ['NC', 'ART', 'PV'].map(async (phase) =>
      Number(await page.getByTestId(`heatmap-${phase}`).getAttribute('data-phase-peak')),
    ),
  );
  const legendPeak = Number(await row.getByTestId('heatmap-legend').getAttribute('data-peak'));
  console.log(`heatmap peaks NC/ART/PV ${peaks.map((p) => p.toFixed(3)).join(' / ')}, legend ${legendPeak.toFixed(3)}`);
  expect(Math.max(...peaks)).toBeCloseTo(legendPeak, 3);
  expect(new Set(peaks.map((p) => p.toFixed(4))).size).toBeGreaterThan(1);
  // DL is not read by the model: no heatmap there.
  await expect(page.getByTestId('heatmap-DL')).toHaveCount(0);
  // Pan the lesion to the middle and zoom in (all phases follow) for a screenshot one can read;
  // the overlay must follow the image.
  const box = await page.getByTestId('viewport-PV').boundingBox();
  const painted = await paintedCentre(page, 'PV');
  if (box === null || painted === null) throw new Error('no PV heatmap to look at');
  const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.move(box.x + painted.x, box.y + painted.y);
  await page.mouse.down({ button: 'middle' });
  await page.mouse.move(cx, cy, { steps: 8 });
  await page.mouse.up({ button: 'middle' });
  await page.mouse.down({ button: 'right' });
  await page.mouse.move(cx, cy + 120, { steps: 10 });
  await page.mouse.up({ button: 'right' });
  await expect
    .poll(async () => {
      const moved = await paintedCentre(page, 'PV');
      return moved === null ? Infinity : Math.hypot(moved.x - box.width / 2, moved.y - box.height / 2);
    })
    .toBeLessThan(20);
  await expect.poll(async () => (await heatmapPixels(page, 'PV')).painted).toBeGreaterThan(2000);
  await page.locator('.viewport-grid').screenshot({ path: join(SHOTS, 'heatmap-overlay.png') });
  console.log(`explanation of ${hcc.id} in ${String(ms)} ms on wasm`);

  // Opacity scales the overlay; the switch removes it.
  const strong = (await heatmapPixels(page, 'PV')).maxAlpha;
  await row.getByTestId('heatmap-opacity').fill('0.2');
  await expect.poll(async () => (await heatmapPixels(page, 'PV')).maxAlpha).toBeLessThan(strong * 0.5);
  await row.getByTestId('heatmap-toggle').uncheck();
  await expect(page.getByTestId('heatmap-PV')).toHaveCount(0);
  await row.getByTestId('heatmap-toggle').check();
  await row.getByTestId('heatmap-opacity').fill('0.6');
  await expect(explanation).toHaveAttribute('data-state', 'done', { timeout: 60_000 });

  // The row shows each phase's ROI HU from the same reading as the curve, DL included.
  const curve = row.getByTestId('enhancement-curve');
  await expect(curve).toBeVisible();
  for (const phase of ['NC', 'ART', 'PV', 'DL']) {
    const fromCurve = await number(curve.getByTestId(`enhancement-lesion-${phase}`), 'data-hu');
    const fromRow = await number(row.locator(`[data-phase="${phase}"] [data-testid="roi-hu"]`), 'data-hu-mean');
    expect(Math.abs(fromCurve - fromRow)).toBeLessThan(0.01);
  }
  const liverPv = await number(curve.getByTestId('enhancement-liver-PV'), 'data-hu');
  // The phantom liver is 110 ± 12 HU in PV (docs/phantom-specification.md), noise aside.
  expect(liverPv).toBeGreaterThan(80);
  expect(liverPv).toBeLessThan(140);
  await number(curve.getByTestId('enhancement-lesion-DL'), 'data-hu');

  // The lesion's size, measured on its boundary on the phase it stands out most (this HCC does not
  // wash out, so not PV): within the generator's axes (semi-axes 8.8–11.4 mm, turned at random,
  // cut by the slice), not the ROI's.
  const sizeLine = row.getByTestId('lesion-size');
  await expect(sizeLine).toHaveAttribute('data-method', 'boundary');
  const longMm = await number(sizeLine, 'data-long-mm');
  const shortMm = await number(sizeLine, 'data-short-mm');
  console.log(`HCC size on the page: ${(await sizeLine.textContent()) ?? ''}`);
  expect(longMm).toBeGreaterThan(14);
  expect(longMm).toBeLessThan(27);
  expect(shortMm).toBeLessThanOrEqual(longMm);

  // Export finding: three files, written in the page.
  const downloads: Download[] = [];
  page.on('download', (d) => downloads.push(d));
  await row.getByTestId('export-finding').click();
  await expect(row.getByTestId('export-status')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect.poll(() => downloads.length).toBe(3);
  const paths = await Promise.all(downloads.map(save));
  const byExt = (ext: string) => paths.find((p) => p.endsWith(ext)) ?? '';
  const probabilities = await Promise.all(CLASSES.map(async (c) => Number(await row.getAttribute(`data-prob-${c}`))));
  const predicted = (await row.getAttribute('data-predicted')) ?? '';

  const finding = JSON.parse(readFileSync(byExt('.json'), 'utf8')) as {
    studyInstanceUid: string;
    lesion: { id: string; userLabel: string | null; size: { longMm: number; shortMm: number; phase: string } | null };
    classification: { probabilities: number[]; predicted: string; backend: string };
    model: { id: string; version: string };
    createdAt: string;
    phases: {
      phase: string;
      seriesInstanceUid: string;
      roi: { centerMm: number[]; halfWidthMm: number };
      keyImage: { sopInstanceUid: string } | null;
      lesionHu: { mean: number } | null;
      liverHu: { median: number } | null;
    }[];
  };
  expect(finding.studyInstanceUid).toBe(truth.studyInstanceUid);
  expect(finding.lesion).toMatchObject({ id: hcc.id, userLabel: 'HCC' });
  // Page, JSON, PDF and SR give the same size.
  expect(finding.lesion.size?.longMm).toBeCloseTo(longMm, 1);
  expect(finding.lesion.size?.shortMm).toBeCloseTo(shortMm, 1);
  expect(finding.lesion.size?.phase).toBe(await sizeLine.getAttribute('data-measured-phase'));
  expect(finding.classification.predicted).toBe(predicted);
  expect(finding.classification.backend).toBe('wasm');
  finding.classification.probabilities.forEach((p, i) => {
    expect(Math.abs(p - (probabilities[i] ?? Number.NaN))).toBeLessThan(1e-5);
  });
  expect(finding.model.id).toBe(SHIPPED_MODEL_ID);
  expect(finding.model.version).toMatch(/2026/);
  expect(Date.now() - Date.parse(finding.createdAt)).toBeLessThan(10 * 60_000);
  expect(finding.phases.map((p) => p.phase)).toEqual(['NC', 'ART', 'PV', 'DL']);
  const source = finding.phases.find((p) => p.phase === hcc.phase);
  source?.roi.centerMm.forEach((v, i) => {
    expect(Math.abs(v - (hcc.center[i] ?? Number.NaN))).toBeLessThan(0.01);
  });
  expect(source?.roi.halfWidthMm).toBeCloseTo(hcc.radiusMm, 2);
  for (const p of finding.phases) {
    expect(p.keyImage?.sopInstanceUid).toMatch(/^[0-9.]+$/);
    expect(p.lesionHu?.mean).toEqual(expect.any(Number));
    expect(p.liverHu?.median).toEqual(expect.any(Number));
  }
  const pvMean = await number(row.locator('[data-phase="PV"] [data-testid="roi-hu"]'), 'data-hu-mean');
  expect(Math.abs((finding.phases.find((p) => p.phase === 'PV')?.lesionHu?.mean ?? 0) - pvMean)).toBeLessThan(0.01);

  // The PDF: one page, the finding's words, rendered to look at.
  const pdf = byExt('.pdf');
  expect(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })).toMatch(/Pages:\s+1\n/);
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  for (const expected of [
    hcc.id,
    truth.studyInstanceUid,
    SHIPPED_MODEL_ID,
    'not for clinical use',
    'NC',
    'ART',
    'PV',
    'DL',
  ])
    expect(text).toContain(expected);
  expect(text.replace(/\s+/g, ' ')).toContain(`Lesion size ${longMm.toFixed(0)} × ${shortMm.toFixed(0)} mm`);
  const top = probabilities.indexOf(Math.max(...probabilities));
  expect(text).toContain(`${(100 * (probabilities[top] ?? 0)).toFixed(1)}%`);
  execFileSync('pdftoppm', ['-r', '60', '-png', '-singlefile', pdf, join(SHOTS, 'finding-pdf')]);

  // The DICOM SR: dcmtk reads it, and its SR structure passes dsrdump's checks.
  const sr = byExt('.dcm');
  const dump = execFileSync('dcmdump', [sr], { encoding: 'utf8' });
  expect(dump).toContain('=ComprehensiveSRStorage');
  expect(dump).toContain(truth.studyInstanceUid);
  const tree = spawnSync('dsrdump', ['-ll', 'warn', '+Pu', sr], { encoding: 'utf8' });
  expect(tree.stderr).toBe('');
  expect(tree.status).toBe(0);
  expect(tree.stdout).toContain('Imaging Measurement Report');
  expect(tree.stdout).toContain(`(${predicted},99LLV,`);
  const srLong = /"Long Axis"\)="([0-9.]+)"/.exec(tree.stdout)?.[1];
  expect(Number(srLong)).toBeCloseTo(longMm, 1);
  for (const p of finding.phases)
    if (p.keyImage !== null) expect(tree.stdout).toContain(`"${p.keyImage.sopInstanceUid}"`);
});
