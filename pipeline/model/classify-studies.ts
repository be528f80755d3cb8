/**
 * The training side's answer for annotated study folders: each annotated lesion cut exactly as
 * the dataset builder cuts a test lesion (phase assignment, alignment from the annotated phase,
 * crop, normalisation: all src/core), run through the model folder in Node with tfjs' WASM
 * backend, read as the page reads it (calibration, no-lesion, uncertainty: src/core). The browser
 * must give the same probabilities and answers for the same study (the e2e parity test).
 */
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { parseManifest } from '../../src/core/model/manifest';
import { readOutput, type Answer } from '../../src/core/model/reading';
import { averageViews } from '../../src/core/model/views';
import { toModelInput } from '../../src/core/roi/crop';
import { studySamples, type DatasetOptions } from '../dataset/build';
import { findStudies } from '../dataset/study-files';
import { predictViews } from './dataset-outputs';
import { loadModelFolder, useWasmBackend } from './node-graph-model';

export interface LesionProbabilities {
  readonly study: string;
  readonly lesion: string;
  readonly label: string;
  /** Calibrated probability per lesion class, as the page shows them. */
  readonly probabilities: readonly number[];
  /** The page's answer: the class it names, or none. */
  readonly answer: Answer;
}

/**
 * `phaseCenters`: `file` reads an annotation file as the viewer loads it (its per-phase centres
 * where given, else aligned); `align` aligns from the annotated phase, as after a user's drawing.
 */
export async function classifyStudies(
  modelDir: string,
  root: string,
  phaseCenters: 'file' | 'align' = 'file',
): Promise<LesionProbabilities[]> {
  const manifest = parseManifest(JSON.parse(await readFile(`${modelDir}/manifest.json`, 'utf8')) as unknown);
  const options: DatasetOptions = {
    phases: manifest.phases,
    spec: manifest.crop,
    seed: 'classify',
    samplesPerLesion: 1,
    split: [0, 0, 1],
    phaseCenters,
    normalTissue: false,
  };
  const [height, width] = manifest.crop.inputSize;
  await useWasmBackend();
  const model = await loadModelFolder(modelDir);
  const out: LesionProbabilities[] = [];
  try {
    for (const dir of await findStudies(root)) {
      const study = relative(root, dir) || '.';
      const { records, crops } = await studySamples(dir, study, 'test', options);
      for (const [i, record] of records.entries()) {
        const bytes = crops[i] as Uint8Array;
        const plane = height * width;
        const channels = manifest.phases.map((_, c) => bytes.subarray(c * plane, (c + 1) * plane));
        const dims = { height, width, channels: manifest.phases.length };
        const [perView = []] = predictViews(model, [toModelInput(channels, manifest.crop)], dims, manifest.views);
        const { probabilities, answer } = readOutput(averageViews(perView), manifest.reading, record.roiMeans);
        out.push({ study, lesion: record.lesion, label: record.label, probabilities, answer });
      }
    }
  } finally {
    model.dispose();
  }
  return out;
}
