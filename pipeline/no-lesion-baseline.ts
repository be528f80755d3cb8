/**
 * npm run no-lesion-baseline -- --model public/models/ID --data DATASET[,DATASET…] [--split test]
 *
 * The simplest "no lesion" a classifier without such an output can give: refuse an ROI whose top
 * softmax probability is below a threshold. Prints, per threshold, the share of normal-tissue ROIs
 * refused against the share of lesions refused, on the given datasets' samples (the split where
 * the dataset has one, else all): the measurement behind the choice of a trained no-lesion output.
 */
import { NO_LESION } from '../src/core/labels';
import { parseArgs } from './args';
import { modelOutputs, readDataset } from './model/dataset-outputs';
import { loadModelFolder, useWasmBackend } from './model/node-graph-model';
import { errorMessage } from '../src/core/error-message';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { model: 'string', data: 'string', split: 'string' });
  if (args.model === undefined || args.data === undefined)
    throw new Error('usage: npm run no-lesion-baseline -- --model DIR --data DATASET[,DATASET…] [--split test]');
  await useWasmBackend();
  const model = await loadModelFolder(args.model);
  const lesionTop: number[] = [];
  const normalTop: number[] = [];
  for (const dir of args.data.split(',')) {
    const dataset = await readDataset(dir);
    const splits = new Set(dataset.index.samples.map((s) => s.split));
    const split = args.split !== undefined && splits.has(args.split) ? args.split : null;
    const which = dataset.index.samples.flatMap((s, n) => (split === null || s.split === split ? [n] : []));
    modelOutputs(model, dataset, which).forEach((outputs, i) => {
      const sample = dataset.index.samples[which[i] ?? -1];
      const top = Math.max(...outputs);
      (sample?.label === NO_LESION ? normalTop : lesionTop).push(top);
    });
  }
  model.dispose();
  const share = (values: readonly number[], t: number): string =>
    `${((100 * values.filter((v) => v < t).length) / Math.max(1, values.length)).toFixed(1)} %`;
  console.log(`${String(lesionTop.length)} lesions, ${String(normalTop.length)} normal-tissue ROIs`);
  console.log('| refuse when top probability < | normal ROIs refused | lesions refused |');
  console.log('| --- | --- | --- |');
  for (const t of [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99])
    console.log(`| ${t.toFixed(2)} | ${share(normalTop, t)} | ${share(lesionTop, t)} |`);
}

main().catch((error: unknown) => {
  console.error(errorMessage(error));
  process.exit(1);
});
