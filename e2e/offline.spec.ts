/// <reference lib="dom" />
import { expect, test, type BrowserContext, type Download, type Page } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nearestSliceIndex } from '../src/core/viewer/slice-position';
import { GENERATED, phasePositions, readAnnotations } from './fixtures';
import { drawEllipseAround, openFolder, seriesPhases, waitForImages } from '../test-support/browser/page-helpers';
import { copyOfBuild, serve, type StaticSite } from '../test-support/browser/static-server';
import { parseManifest } from '../src/core/model/manifest';
import { SHIPPED_MODEL_ID } from '../src/core/model/shipped';
import { wasmThreadCount } from '../src/adapters/inference/wasm-threads';

/** A port of its own: each test serves a private copy of the build it may change or stop. */
const SITE_PORT = Number(process.env.E2E_PORT ?? 4173) + 20;
const STUDY = join(GENERATED, 'study-0000');
const DEMO = join(import.meta.dirname, '..', 'public', 'demo', 'study-0000');
const MODEL = `models/${SHIPPED_MODEL_ID}`;

/** Every request of the browser context: the page, its workers and the service worker. */
function requestLog(context: BrowserContext): string[] {
  const urls: string[] = [];
  context.on('request', (request) => urls.push(request.url()));
  return urls;
}

function cspViolations(page: Page): string[] {
  const messages: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) messages.push(message.text());
  });
  return messages;
}

async function visitUntilOfflineReady(page: Page, site: StaticSite): Promise<void> {
  await page.goto(`${site.origin}/?backend=wasm`);
  await expect(page.getByTestId('offline-status')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  await expect(page.getByTestId('inference-status')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

async function cutNetwork(context: BrowserContext, site: StaticSite): Promise<void> {
  await site.close();
  await context.setOffline(true);
}

/** The next version of the app: a changed model manifest, and the service worker that lists it. */
function publishNewModel(root: string, id: string): void {
  const manifestPath = join(root, MODEL, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
  writeFileSync(manifestPath, JSON.stringify({ ...manifest, id }));
  bumpRevision(root, `${MODEL}/manifest.json`);
}

function bumpRevision(root: string, url: string): void {
  const swPath = join(root, 'sw.js');
  const sw = readFileSync(swPath, 'utf8');
  // The build writes the precache list into sw.js as JSON entries: {"revision":"…","url":"…"}.
  const entry = new RegExp(`("revision":")([0-9a-f]+)(","url":"${url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}")`);
  if (!entry.test(sw)) throw new Error(`sw.js does not precache ${url}`);
  writeFileSync(
    swPath,
    sw.replace(entry, (_, head: string, revision: string, tail: string) => `${head}${revision}0${tail}`),
  );
}

async function modelId(page: Page): Promise<string> {
  return (await page.getByTestId('inference-status').locator('strong').first().textContent()) ?? '';
}

test.use({ serviceWorkers: 'allow' });

test.describe('offline and private', () => {
  test('after one visit the app opens a study from disk and classifies with the network cut; every request stays on its origin; nothing opened is stored', async ({
    page,
    context,
  }) => {
    const requests = requestLog(context);
    const violations = cspViolations(page);
    const site = await serve(copyOfBuild(), SITE_PORT);
    await visitUntilOfflineReady(page, site);

    // This server sends no COOP/COEP; the service worker's answers do.
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    await cutNetwork(context, site);
    await page.reload();
    await expect(page.getByTestId('offline-status')).toHaveAttribute('data-state', 'ready');
    await expect(page.getByTestId('inference-status')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
    await expect(page.getByTestId('inference-status')).toHaveAttribute('data-backend', 'wasm');
    const { isolated, cores } = await page.evaluate(() => ({
      isolated: crossOriginIsolated,
      cores: navigator.hardwareConcurrency,
    }));
    expect(isolated).toBe(true);
    const { views } = parseManifest(
      JSON.parse(readFileSync(join(import.meta.dirname, '..', 'public', MODEL, 'manifest.json'), 'utf8')),
    );
    const threads = wasmThreadCount({
      crossOriginIsolated: true,
      workers: true,
      logicalCores: cores,
      inputsPerCall: views,
    });
    await expect(page.getByTestId('inference-status')).toHaveAttribute('data-threads', String(threads));

    await openFolder(page, STUDY);
    await waitForImages(page);
    const lesion = readAnnotations(STUDY).lesions[0];
    if (lesion === undefined) throw new Error('the generated study has no lesion');
    const target = nearestSliceIndex(await phasePositions(STUDY, 'PV'), lesion.center[2] ?? 0);
    await drawEllipseAround(page, 'PV', target, lesion.center, lesion.radiusMm * 1.1);
    const row = page.getByTestId('lesion-row');
    await expect(row).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    const probabilities = await Promise.all(
      ['CYST', 'FNH', 'HCC', 'HEM', 'METS'].map(async (c) => Number(await row.getAttribute(`data-prob-${c}`))),
    );
    // Calibrated, over the lesion classes and "no focal lesion".
    const none = Number(await row.getAttribute('data-prob-none'));
    expect(probabilities.reduce((a, b) => a + b, 0) + none).toBeCloseTo(1, 2);
    await expect(row).toHaveAttribute('data-predicted', lesion.label);
    // The drawn lesion is selected: its explanation and its exported finding come with the network cut.
    await expect(row.getByTestId('explanation-status')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    const downloads: Download[] = [];
    page.on('download', (d) => downloads.push(d));
    await row.getByTestId('export-finding').click();
    await expect(row.getByTestId('export-status')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await expect.poll(() => downloads.length).toBe(3);
    expect(downloads.map((d) => d.suggestedFilename()).sort()).toEqual([
      'finding-L1.dcm',
      'finding-L1.json',
      'finding-L1.pdf',
    ]);
    const pdf = readFileSync((await downloads.find((d) => d.suggestedFilename().endsWith('.pdf'))?.path()) ?? '');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    await page.getByTestId('load-demo').click();
    await waitForImages(page);

    const stored = await page.evaluate(async () => {
      const cached: string[] = [];
      for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) cached.push(request.url);
      }
      return {
        localStorage: Object.fromEntries(
          Object.keys(localStorage).map((key) => [key, localStorage.getItem(key) ?? '']),
        ),
        sessionStorage: sessionStorage.length,
        databases: (await indexedDB.databases()).map((d) => d.name ?? ''),
        cached,
      };
    });
    // Libraries keep settings, nothing of a study: Cornerstone which texture formats this GPU renders,
    // dcmjs (through the loglevel package) its log level.
    const settings = ['cornerstone3D.renderingCapabilities', 'loglevel'];
    expect(Object.keys(stored.localStorage).filter((key) => !settings.includes(key))).toEqual([]);
    const studyUid = readAnnotations(STUDY).studyInstanceUid;
    expect(Object.values(stored.localStorage).some((value) => value.includes(studyUid))).toBe(false);
    expect(stored.sessionStorage).toBe(0);
    expect(stored.databases).toEqual([]);
    // Only the app, its model and its demo are kept: nothing from the folder the user opened.
    const notApp = stored.cached.filter(
      (url) =>
        !/^\/(index\.html|sw\.js|favicon\.svg|icon-\d+\.png|manifest\.webmanifest|assets\/|models\/|demo\/)/.test(
          new URL(url).pathname,
        ),
    );
    expect(notApp).toEqual([]);
    expect(stored.cached.every((url) => url.startsWith(`${site.origin}/`))).toBe(true);

    const foreign = requests.filter((url) => !/^(blob|data):/.test(url) && !url.startsWith(`${site.origin}/`));
    expect(foreign).toEqual([]);
    // The log did see the session: the shell, the model's weights and the demo's files.
    expect(requests.some((url) => url.endsWith('.bin'))).toBe(true);
    expect(requests.filter((url) => url.includes('/demo/')).length).toBeGreaterThan(100);
    expect(violations).toEqual([]);
  });

  test('the demo, never opened before, opens and is classified with the network cut after one visit', async ({
    page,
    context,
  }) => {
    const site = await serve(copyOfBuild(), SITE_PORT);
    await visitUntilOfflineReady(page, site);
    await expect(page.getByTestId('offline-status')).toContainText('the demo study are stored on this computer');
    await cutNetwork(context, site);
    await page.reload();
    await expect(page.getByTestId('inference-status')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
    await page.getByTestId('load-demo').click();
    await waitForImages(page);
    expect(Object.values(await seriesPhases(page)).sort()).toEqual(['ART', 'DL', 'NC', 'PV']);
    await page.getByTestId('load-study-annotations').click();
    const truth = readAnnotations(DEMO);
    const rows = page.getByTestId('lesion-row');
    await expect(rows).toHaveCount(truth.lesions.length);
    let right = 0;
    for (const [i, lesion] of truth.lesions.entries()) {
      await expect(rows.nth(i)).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
      if ((await rows.nth(i).getAttribute('data-predicted')) === lesion.label) right++;
    }
    // As online (classification.spec): the same pixels, so the same answers.
    expect(right).toBeGreaterThanOrEqual(4);
  });

  test('offline before the app was stored, asking for the demo says why it cannot open', async ({ page, context }) => {
    const site = await serve(copyOfBuild(), SITE_PORT);
    // The service worker is blocked from installing: this visit stores nothing.
    await page.route('**/sw.js', (route) => route.fulfill({ status: 404, body: 'not found' }));
    await page.goto(`${site.origin}/?backend=wasm`);
    await expect(page.getByTestId('inference-status')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
    await cutNetwork(context, site);
    await page.getByTestId('load-demo').click();
    await expect(page.getByTestId('error-banner')).toContainText('the demo study is not stored on this computer yet');
    await expect(page.getByTestId('open-folder')).toBeEnabled();
  });

  test('a new model is picked up on the next online visit, after the user accepts the prompt', async ({ page }) => {
    const site = await serve(copyOfBuild(), SITE_PORT);
    try {
      await visitUntilOfflineReady(page, site);
      expect(await modelId(page)).toBe(SHIPPED_MODEL_ID);
      publishNewModel(site.root, `${SHIPPED_MODEL_ID}-next`);
      await page.reload();
      // Until the user accepts, the version they started with keeps running.
      await expect(page.getByTestId('offline-status')).toHaveAttribute('data-state', 'update-available', {
        timeout: 120_000,
      });
      expect(await modelId(page)).toBe(SHIPPED_MODEL_ID);
      await page.getByTestId('update-reload').click();
      await expect(page.getByTestId('inference-status')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
      await expect.poll(() => modelId(page), { timeout: 60_000 }).toBe(`${SHIPPED_MODEL_ID}-next`);
      await expect(page.getByTestId('offline-status')).toHaveAttribute('data-state', 'ready');
    } finally {
      await site.close();
    }
  });

  test('an update cut off halfway leaves the previous version whole, online and offline', async ({ page, context }) => {
    const root = copyOfBuild();
    const shard = `${MODEL}/group1-shard4of6.bin`;
    const first = await serve(root, SITE_PORT);
    await visitUntilOfflineReady(page, first);
    await first.close();
    // The next version changes the manifest and a weight shard; the shard's download breaks.
    publishNewModel(root, `${SHIPPED_MODEL_ID}-next`);
    bumpRevision(root, shard);
    const site = await serve(root, SITE_PORT, new Set([`/${shard}`]));
    const outcome = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      if (registration === undefined) return 'no registration';
      await registration.update();
      const worker = registration.installing ?? registration.waiting;
      if (worker === null) return 'no update found';
      if (worker.state === 'installed') return 'installed';
      return new Promise<string>((resolve) => {
        worker.addEventListener('statechange', () => {
          if (worker.state === 'redundant' || worker.state === 'installed') resolve(worker.state);
        });
      });
    });
    expect(outcome).toBe('redundant');
    await page.reload();
    await expect(page.getByTestId('inference-status')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
    expect(await modelId(page)).toBe(SHIPPED_MODEL_ID);
    await expect(page.getByTestId('offline-status')).toHaveAttribute('data-state', 'ready');

    await cutNetwork(context, site);
    await page.reload();
    await expect(page.getByTestId('inference-status')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
    expect(await modelId(page)).toBe(SHIPPED_MODEL_ID);
  });
});
