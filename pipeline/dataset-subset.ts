/**
 * npm run dataset-subset -- --data DATASET --out DIR [--split test] [--kind lesion|normal|all] [--every N]
 *
 * Copies some samples of a dataset (one split; lesions, normal-tissue ROIs or both; every N-th)
 * into a small dataset folder with gzip-packed crops: the fixtures CI recomputes the shipped
 * model's figures on (training/fixtures/).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { NO_LESION } from '../src/core/labels';
import { parseArgs } from './args';
import { readDataset } from './model/dataset-outputs';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), {
    data: 'string',
    out: 'string',
    split: 'string',
    kind: 'string',
    every: 'number',
  });
  if (args.data === undefined || args.out === undefined)
    throw new Error(
      'usage: npm run dataset-subset -- --data DATASET --out DIR [--split test] [--kind lesion|normal|all] [--every N]',
    );
  const kind = args.kind ?? 'all';
  if (!['lesion', 'normal', 'all'].includes(kind)) throw new Error('--kind must be lesion, normal or all');
  const every = args.every ?? 1;
  if (!Number.isInteger(every) || every < 1) throw new Error('--every must be a positive integer');
  const dataset = await readDataset(args.data);
  const wanted = dataset.index.samples.flatMap((s, n) => {
    if (args.split !== undefined && s.split !== args.split) return [];
    const normal = s.label === NO_LESION;
    return kind === 'all' || (kind === 'normal') === normal ? [n] : [];
  });
  const kept = wanted.filter((_, i) => i % every === 0);
  await mkdir(args.out, { recursive: true });
  await writeFile(
    join(args.out, 'crops.u8.gz'),
    gzipSync(Buffer.concat(kept.flatMap((n) => dataset.channels(n))), { level: 9 }),
  );
  const samples = kept.map((n) => dataset.index.samples[n]);
  await writeFile(
    join(args.out, 'index.json'),
    `${JSON.stringify({ ...dataset.index, count: samples.length, samples }, null, 1)}\n`,
  );
  console.log(`wrote ${String(samples.length)} samples of ${args.data} to ${args.out}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
