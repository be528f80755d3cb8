/**
 * npm run dataset -- --studies DIR --out DIR [--seed S] [--samples 4] [--size 128] [--split 60,20,20]
 *
 * Builds the ROI dataset the model trains on from study folders (DICOM + annotations.json):
 * `crops.u8` (N × 3 × H × W bytes: the NC/ART/PV patches, HU-windowed) and `index.json` (the crop
 * specification, and per sample its study, lesion, label, split and where it was cut). ROIs on
 * normal tissue that a study's annotations.json lists (`normalRois`) become samples labelled NONE
 * (leave them out with --no-normal-tissue). With --annotations FILE, --studies is one study read
 * with that file instead of its own annotations.json (a real study kept read-only). Python
 * reads both with numpy alone (training/dataset.py). With --interior-rois MM, training lesions at
 * least MM wide also get one ROI drawn inside them (a patch that is all lesion).
 */
import { parseArgs } from './args';
import { buildDataset, summary } from './dataset/build';
import { MODEL_PHASES } from '../src/core/labels';
import { defaultCropSpec } from './dataset/spec';
import { writeDatasetFolder } from './dataset/write';
import { errorMessage } from '../src/core/error-message';

const USAGE =
  'usage: npm run dataset -- --studies DIR --out DIR [--seed S] [--samples N] [--size PX] [--split 60,20,20] [--phase-centres file|align] [--no-normal-tissue] [--annotations FILE] [--interior-rois MM]';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), {
    studies: 'string',
    out: 'string',
    seed: 'string',
    samples: 'number',
    size: 'number',
    split: 'string',
    'phase-centres': 'string',
    'no-normal-tissue': 'boolean',
    annotations: 'string',
    'interior-rois': 'number',
    help: 'boolean',
  });
  if (args.help === true) {
    console.log(USAGE);
    return;
  }
  if (args.studies === undefined || args.out === undefined)
    throw new Error(`--studies and --out are required\n${USAGE}`);
  const samples = args.samples ?? 4;
  if (!Number.isInteger(samples) || samples < 1 || samples > 50)
    throw new Error('--samples must be an integer in 1…50');
  const size = args.size ?? 128;
  if (!Number.isInteger(size) || size < 16 || size > 512) throw new Error('--size must be an integer in 16…512');
  const split = (args.split ?? '60,20,20').split(',').map(Number);
  if (split.length !== 3 || split.some((v) => !Number.isFinite(v) || v < 0) || split.every((v) => v === 0)) {
    throw new Error('--split must be three non-negative shares, train,val,test (e.g. 60,20,20 or 0,0,100)');
  }
  const phaseCenters = args['phase-centres'] ?? 'file';
  if (phaseCenters !== 'file' && phaseCenters !== 'align') throw new Error('--phase-centres must be file or align');
  const interior = args['interior-rois'];
  if (interior !== undefined && !(interior > 0)) throw new Error('--interior-rois must be a diameter in mm, > 0');
  const spec = defaultCropSpec(size);
  const started = Date.now();
  const dataset = await buildDataset(
    args.studies,
    {
      phases: MODEL_PHASES,
      spec,
      seed: args.seed ?? 'dataset',
      samplesPerLesion: samples,
      split: split as [number, number, number],
      phaseCenters,
      normalTissue: args['no-normal-tissue'] !== true,
      ...(args.annotations === undefined ? {} : { annotationsFile: args.annotations }),
      ...(interior === undefined ? {} : { interiorRoiFromMm: interior }),
    },
    (done, total) => {
      if (done % 10 === 0 || done === total) process.stderr.write(`\r${String(done)}/${String(total)} studies`);
    },
  );
  process.stderr.write('\n');
  for (const p of dataset.problems) console.error(`skipped ${p.study}: ${p.message}`);
  if (dataset.records.length === 0) throw new Error('no usable lesion: nothing written');
  const byteCount = await writeDatasetFolder(args.out, spec, dataset.records, dataset.crops);
  for (const line of summary(dataset.records)) console.log(line);
  console.log(
    `wrote ${String(dataset.records.length)} crops (${(byteCount / 1e6).toFixed(1)} MB) to ${args.out} in ${((Date.now() - started) / 1000).toFixed(1)} s; ${String(dataset.problems.length)} studies skipped`,
  );
}

main().catch((error: unknown) => {
  console.error(errorMessage(error));
  process.exit(1);
});
