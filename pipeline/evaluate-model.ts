/**
 * npm run evaluate-model -- --model public/models/ID --data DATASET [--split test]
 * npm run evaluate-model -- --model public/models/ID --studies FOLDER [--phase-centres file|align] [--json OUT]
 *
 * With --studies: every annotated lesion of the study folders below FOLDER, as the page should
 * answer it; --json writes them (study, lesion, label, probabilities, answer) for the e2e parity
 * test, which runs this command rather than importing the pipeline.
 *
 * Runs a shipped model folder (graph model + manifest.json) on a dataset built by
 * `npm run dataset`, in Node with tfjs' WASM backend, normalising the patches with the browser's
 * src/core code: the accuracy of the artifact itself, as the browser would compute it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LESION_CLASSES } from '../src/core/labels';
import { parseManifest } from '../src/core/model/manifest';
import { topClass } from '../src/core/model/top-class';
import { parseArgs } from './args';
import { classifyStudies } from './model/classify-studies';
import { modelOutputs, readDataset } from './model/dataset-outputs';
import { loadModelFolder, useWasmBackend } from './model/node-graph-model';
import { errorMessage } from '../src/core/error-message';

export interface Evaluation {
  readonly accuracy: number;
  readonly perClassRecall: Record<string, number | null>;
  readonly confusionMatrix: number[][];
  readonly testSetSize: number;
}

export async function evaluateModel(modelDir: string, dataDir: string, split: string | null): Promise<Evaluation> {
  const manifest = JSON.parse(await readFile(join(modelDir, 'manifest.json'), 'utf8')) as {
    classes: string[];
    noLesionOutput?: string;
    inputSize: number[];
  };
  const { views } = parseManifest(manifest);
  const dataset = await readDataset(dataDir);
  const [height, width] = dataset.index.spec.inputSize;
  if (manifest.inputSize[0] !== height || manifest.inputSize[1] !== width) {
    throw new Error(
      `the model takes ${manifest.inputSize.join('x')}, the dataset holds ${String(height)}x${String(width)} patches`,
    );
  }
  await useWasmBackend();
  const model = await loadModelFolder(modelDir);
  // The model's outputs: its classes, then the "no focal lesion" output where it has one.
  const classes = [...manifest.classes, ...(manifest.noLesionOutput === undefined ? [] : [manifest.noLesionOutput])];
  const matrix = classes.map(() => classes.map(() => 0));
  const which = dataset.index.samples.flatMap((sample, n) => (split === null || sample.split === split ? [n] : []));
  modelOutputs(model, dataset, which, views).forEach((probabilities, i) => {
    const sample = dataset.index.samples[which[i] ?? -1];
    const best =
      topClass(
        probabilities,
        classes.map((_, k) => k),
      ) ?? -1;
    const row = sample === undefined ? undefined : matrix[classes.indexOf(sample.label)];
    if (row) row[best] = (row[best] ?? 0) + 1;
  });
  model.dispose();
  const total = matrix.flat().reduce((a, b) => a + b, 0);
  const correct = matrix.reduce((sum, row, i) => sum + (row[i] ?? 0), 0);
  return {
    accuracy: correct / Math.max(1, total),
    perClassRecall: Object.fromEntries(
      classes.map((name, i) => {
        const row = matrix[i] ?? [];
        const n = row.reduce((a, b) => a + b, 0);
        return [name, n === 0 ? null : (row[i] ?? 0) / n];
      }),
    ),
    confusionMatrix: matrix,
    testSetSize: total,
  };
}

/** One line per lesion of annotated study folders, then the accuracy: what the page should show. */
async function printStudies(
  modelDir: string,
  root: string,
  phaseCenters: 'file' | 'align',
  json: string | undefined,
): Promise<void> {
  const lesions = await classifyStudies(modelDir, root, phaseCenters);
  if (json !== undefined) await writeFile(json, JSON.stringify(lesions, null, 1));
  let right = 0;
  for (const l of lesions) {
    const predicted = l.answer.kind === 'lesion' ? l.answer.predicted : `none (${l.answer.reason})`;
    if (predicted === l.label) right++;
    console.log(
      `${l.study} ${l.lesion} ${l.label} → ${predicted} ${l.probabilities.map((p) => p.toFixed(4)).join(' ')}`,
    );
  }
  console.log(
    `accuracy ${((100 * right) / Math.max(1, lesions.length)).toFixed(1)} % on ${String(lesions.length)} lesions`,
  );
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), {
    model: 'string',
    data: 'string',
    studies: 'string',
    split: 'string',
    all: 'boolean',
    'phase-centres': 'string',
    json: 'string',
  });
  if (args.model !== undefined && args.studies !== undefined) {
    const centres = args['phase-centres'] ?? 'file';
    if (centres !== 'file' && centres !== 'align') throw new Error('--phase-centres is file or align');
    await printStudies(args.model, args.studies, centres, args.json);
    return;
  }
  if (args.model === undefined || args.data === undefined) {
    throw new Error(
      'usage: npm run evaluate-model -- --model DIR (--data DATASET [--split test | --all] | --studies FOLDER)',
    );
  }
  const result = await evaluateModel(args.model, args.data, args.all === true ? null : (args.split ?? 'test'));
  console.log(JSON.stringify(result));
  console.log(
    `accuracy ${(100 * result.accuracy).toFixed(1)} % on ${String(result.testSetSize)} lesions; recall ${LESION_CLASSES.map((c) => `${c} ${((result.perClassRecall[c] ?? 0) * 100).toFixed(0)} %`).join(', ')}`,
  );
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  main().catch((error: unknown) => {
    console.error(errorMessage(error));
    process.exit(1);
  });
}
