/**
 * The model loads from any static server: here one that forbids caching (Cache-Control:
 * no-store) over HTTP/1.1, with the weights cut into 24 shards, more than the six connections
 * a browser opens to one host. tfjs alone starts every shard's request before reading any and
 * never finishes there; the page reads them a few at a time (bounded-fetch.ts). It sends no
 * COOP/COEP either, as many servers do not: the model then runs on one thread.
 */
import { expect, test } from '@playwright/test';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHIPPED_MODEL_ID } from '../src/core/model/shipped';
import { copyOfBuild, serve, type StaticSite } from '../test-support/browser/static-server';

const SITE_PORT = Number(process.env.E2E_PORT ?? 4173) + 21;
const SHARDS = 24;

interface ModelJson {
  weightsManifest: { paths: string[] }[];
}

/** Rewrites the model folder's weights as `count` shards of (nearly) equal size. */
function reshard(modelDir: string, count: number): void {
  const modelPath = join(modelDir, 'model.json');
  const model = JSON.parse(readFileSync(modelPath, 'utf8')) as ModelJson;
  const group = model.weightsManifest[0];
  if (model.weightsManifest.length !== 1 || group === undefined) throw new Error('one weight group expected');
  const weights = Buffer.concat(group.paths.map((path) => readFileSync(join(modelDir, path))));
  for (const name of readdirSync(modelDir).filter((f) => f.endsWith('.bin'))) rmSync(join(modelDir, name));
  const size = Math.ceil(weights.length / count);
  group.paths = Array.from({ length: count }, (_, i) => {
    const name = `group1-shard${String(i + 1)}of${String(count)}.bin`;
    writeFileSync(join(modelDir, name), weights.subarray(i * size, (i + 1) * size));
    return name;
  });
  writeFileSync(modelPath, JSON.stringify(model));
}

let site: StaticSite | undefined;
test.afterEach(async () => {
  await site?.close();
  site = undefined;
});

test('the model loads from a no-store server with more weight shards than connections', async ({ page }) => {
  const root = copyOfBuild();
  reshard(join(root, 'models', SHIPPED_MODEL_ID), SHARDS);
  site = await serve(root, SITE_PORT, new Set(), 'no-store');
  const shards: string[] = [];
  page.on('requestfinished', (request) => {
    if (/group1-shard\d+of24\.bin$/.test(request.url())) shards.push(request.url());
  });
  await page.goto(`${site.origin}/?backend=wasm`);
  await expect(page.getByTestId('inference-status')).toHaveAttribute('data-state', 'ready', { timeout: 90_000 });
  expect(new Set(shards).size).toBe(SHARDS);
  // This server sends no COOP/COEP: no SharedArrayBuffer, so tfjs-wasm runs on one thread and works.
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  await expect(page.getByTestId('inference-status')).toHaveAttribute('data-threads', '1');
});
