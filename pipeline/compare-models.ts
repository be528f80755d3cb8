/**
 * npm run compare-models -- --models DIR,DIR --sets NAME=DATASET[:SPLIT],…
 *
 * Several model folders on the same datasets, side by side in one run, each read through the
 * page's own code with its own manifest's policy (calibration, "none" rules): lesions named with
 * their true class, the lowest class recall, lesions answered "none", normal-tissue ROIs answered
 * "none". Prints a markdown table.
 */
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseManifest } from '../src/core/model/manifest';
import { parseArgs } from './args';
import { decisionMetrics, lowestRecall, percentText, type DecisionMetrics } from './calibration/decision';
import { labelledOutputs, readDataset } from './model/dataset-outputs';
import { loadModelFolder, useWasmBackend } from './model/node-graph-model';
import { errorMessage } from '../src/core/error-message';

const USAGE = 'usage: npm run compare-models -- --models DIR,DIR --sets NAME=DATASET[:SPLIT],…';

interface SetSpec {
  readonly name: string;
  readonly dir: string;
  readonly split: string | null;
}

export function parseSets(text: string): SetSpec[] {
  return text.split(',').map((entry) => {
    const match = /^([^=]+)=([^:]+)(?::(\w+))?$/.exec(entry.trim());
    if (match === null) throw new Error(`a set is NAME=DATASET or NAME=DATASET:SPLIT, not "${entry}"`);
    const [, name = '', dir = '', split] = match;
    return { name, dir, split: split ?? null };
  });
}

const pct = percentText;

function cell(m: DecisionMetrics): string {
  const lowest = lowestRecall(m);
  const lesions =
    m.lesions === 0 || lowest === null
      ? '—'
      : `${pct(m.accuracy)} (${lowest.label} ${pct(lowest.recall)}), none ${pct(m.lesionsRefused)}`;
  return m.normal === 0 ? lesions : `${lesions}; normal none ${pct(m.normalAnsweredNone)}`;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { models: 'string', sets: 'string' });
  if (args.models === undefined || args.sets === undefined) throw new Error(USAGE);
  const sets = parseSets(args.sets);
  const folders = args.models.split(',');
  await useWasmBackend();
  const columns: DecisionMetrics[][] = [];
  for (const folder of folders) {
    const { reading: policy, views } = parseManifest(JSON.parse(await readFile(join(folder, 'manifest.json'), 'utf8')));
    const model = await loadModelFolder(folder);
    const column: DecisionMetrics[] = [];
    for (const set of sets) {
      const dataset = await readDataset(set.dir);
      const which = dataset.index.samples.flatMap((s, n) => (set.split === null || s.split === set.split ? [n] : []));
      column.push(decisionMetrics(labelledOutputs(model, dataset, which, views), policy));
    }
    model.dispose();
    columns.push(column);
  }
  console.log(
    'Lesions named with their true class (lowest class recall), lesions answered "none"; normal-tissue ROIs answered "none".',
  );
  console.log('');
  console.log(`| set | lesions, normal ROIs | ${folders.map((f) => basename(f)).join(' | ')} |`);
  console.log(`| --- | --- |${folders.map(() => ' --- |').join('')}`);
  for (const [n, set] of sets.entries()) {
    const first = columns[0]?.[n];
    const sizes = first === undefined ? '' : `${String(first.lesions)}, ${String(first.normal)}`;
    console.log(
      `| ${set.name} | ${sizes} | ${columns.map((c) => (c[n] === undefined ? '' : cell(c[n]))).join(' | ')} |`,
    );
  }
}

if (process.argv[1]?.endsWith('compare-models.ts') === true) {
  main().catch((error: unknown) => {
    console.error(errorMessage(error));
    process.exit(1);
  });
}
