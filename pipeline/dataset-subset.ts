/**
 * npm run dataset-subset -- --data DATASET --out DIR [--split test] [--kind lesion|normal|all] [--every N]
 *                           [--studies DIR --families axis=value,axis!=value]
 *
 * Copies some samples of a dataset (one split; lesions, normal-tissue ROIs or both; every N-th)
 * into a small dataset folder with gzip-packed crops: the fixtures CI recomputes the shipped
 * model's figures on (training/fixtures/). With --families, only samples of phantom studies
 * (in --studies, read from their annotations.json) rendered with those families are kept: a
 * training set without a family, or a test set of one family (leave-one-family-out).
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { NO_LESION } from '../src/core/labels';
import { parseArgs } from './args';
import { readDataset } from './model/dataset-outputs';
import { parseFamilyRules, type FamilyRule } from './phantom/families';
import { errorMessage } from '../src/core/error-message';

/** Does the study's generator record (annotations.json) say it was rendered with families the rules allow? */
export function studyMatches(familiesText: string | undefined, rules: readonly FamilyRule[]): boolean {
  if (familiesText === undefined) return false;
  const families = new Map(familiesText.split(',').map((pair) => pair.split('=') as [string, string]));
  return rules.every((rule) => (families.get(rule.axis) === rule.value) === rule.keep);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), {
    data: 'string',
    out: 'string',
    split: 'string',
    kind: 'string',
    every: 'number',
    studies: 'string',
    families: 'string',
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
  const rules = parseFamilyRules(args.families);
  if (rules.length > 0 && args.studies === undefined)
    throw new Error('--families needs --studies DIR (the studies the dataset was cut from)');
  const familiesOf = new Map<string, string | undefined>();
  const studyFamilies = (study: string): string | undefined => {
    if (!familiesOf.has(study)) {
      const file = join(args.studies ?? '', study, 'annotations.json');
      const json = existsSync(file)
        ? (JSON.parse(readFileSync(file, 'utf8')) as { generator?: { families?: string } })
        : {};
      familiesOf.set(study, json.generator?.families);
    }
    return familiesOf.get(study);
  };
  const wanted = dataset.index.samples.flatMap((s, n) => {
    if (args.split !== undefined && s.split !== args.split) return [];
    // Studies without a family record (real CT, or specification phantoms) match no rule.
    if (rules.length > 0 && !studyMatches(studyFamilies(s.study), rules)) return [];
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

if (process.argv[1]?.endsWith('dataset-subset.ts') === true) {
  main().catch((error: unknown) => {
    console.error(errorMessage(error));
    process.exit(1);
  });
}
