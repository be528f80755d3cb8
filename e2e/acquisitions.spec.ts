/**
 * A series that holds two acquisitions (ART and PV, as TCIA's "LIVER 3 PHASE (AP)" series do)
 * opens as two phases: NC, ART, PV and DL each once, and the lesions are answered exactly as on
 * the same study written one series per phase.
 */
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { GENERATED, ONE_SERIES } from './fixtures';
import { lesionAnswers } from '../test-support/browser/page-helpers';

test('ART and PV stored as two acquisitions of one series become two phases, and classify as before', async ({
  page,
}) => {
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('inference-status')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  const shared = await lesionAnswers(page, join(ONE_SERIES, 'study-0000'));

  const rows = page.getByTestId('series-row');
  await expect(rows).toHaveCount(4);
  const phases = await Promise.all((await rows.all()).map((row) => row.getAttribute('data-phase')));
  expect([...phases].sort()).toEqual(['ART', 'DL', 'NC', 'PV']);
  const art = page.locator('[data-testid="series-row"][data-phase="ART"]');
  const pv = page.locator('[data-testid="series-row"][data-phase="PV"]');
  // One series UID, two acquisitions, each on its own row that says how it was told apart.
  expect(await art.getAttribute('data-series-uid')).toBe(await pv.getAttribute('data-series-uid'));
  await expect(art).toHaveAttribute('data-acquisition', 'acquisition 2');
  await expect(pv).toHaveAttribute('data-acquisition', 'acquisition 3');
  await expect(pv).toContainText('one of 2 acquisitions stored in one series');
  // Both say "LIVER 3 PHASE (AP)": the row says the description was overruled.
  await expect(pv).toContainText('2 series are described as ART');
  await expect(page.getByText(/duplicate slice/)).toHaveCount(0);

  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('inference-status')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  const separate = await lesionAnswers(page, join(GENERATED, 'study-0000'));
  expect(shared).toEqual(separate);
});
