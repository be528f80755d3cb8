/**
 * npm run dataset-merge -- --out DIR DATASET DATASET…
 *
 * One ROI dataset from several (same crop spec and phases): e.g. the phantom dataset plus the
 * lesions inserted into real CT (npm run insert-lesions), each sample keeping its split.
 */
import { isDeepStrictEqual } from 'node:util';
import { LESION_CLASSES, NO_LESION } from '../src/core/labels';
import { parseArgs } from './args';
import type { SampleRecord } from './dataset/build';
import { writeDatasetFolder } from './dataset/write';
import { readDataset } from './model/dataset-outputs';
import { errorMessage } from '../src/core/error-message';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const outAt = argv.indexOf('--out');
  const inputs = argv.filter((_, n) => n !== outAt && n !== outAt + 1);
  const args = parseArgs(outAt < 0 ? [] : argv.slice(outAt, outAt + 2), { out: 'string' });
  if (args.out === undefined || inputs.length < 2 || inputs.some((i) => i.startsWith('--')))
    throw new Error('usage: npm run dataset-merge -- --out DIR DATASET DATASET…');
  const datasets = await Promise.all(inputs.map((dir) => readDataset(dir)));
  const first = datasets[0];
  if (first === undefined) throw new Error('no dataset given');
  for (const [n, dataset] of datasets.entries()) {
    if (
      !isDeepStrictEqual(dataset.index.spec, first.index.spec) ||
      !isDeepStrictEqual(dataset.index.phases, first.index.phases)
    )
      throw new Error(
        `${inputs[n] ?? ''} has another crop spec or phases than ${inputs[0] ?? ''}: they cannot be merged`,
      );
    const unknown = dataset.index.classes.filter(
      (c) => c !== NO_LESION && !(LESION_CLASSES as readonly string[]).includes(c),
    );
    if (unknown.length > 0) throw new Error(`${inputs[n] ?? ''} has unknown classes ${unknown.join(', ')}`);
  }
  const records: SampleRecord[] = [];
  const crops: Uint8Array[] = [];
  for (const dataset of datasets) {
    for (const [n, sample] of dataset.index.samples.entries()) {
      records.push(sample as SampleRecord);
      crops.push(...dataset.channels(n));
    }
  }
  const bytes = await writeDatasetFolder(args.out, first.index.spec, records, crops);
  const counts = inputs.map((dir, n) => `${dir} ${String(datasets[n]?.index.count ?? 0)}`).join(', ');
  console.log(`wrote ${String(records.length)} samples (${counts}; ${(bytes / 1e6).toFixed(1)} MB) to ${args.out}`);
}

main().catch((error: unknown) => {
  console.error(errorMessage(error));
  process.exit(1);
});
