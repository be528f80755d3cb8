/**
 * Do our phantoms look like real CT? Prints real-CT statistics (../shared/data, read in place)
 * beside the same statistics of phantoms rendered in memory, per phase, flags where the phantoms'
 * range misses the real value, and writes one picture of a real and a phantom PV slice.
 *
 *   npm run realism [-- --studies 4 --slices 20 --out docs/realism.png]
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { PNG } from 'pngjs';
import { parseArgs } from './args';
import { VARIATIONS, type Variation } from './phantom/families';
import { measurePhantoms } from './realism/phantom';
import { sideBySide } from './realism/picture';
import { measureRealStudies } from './realism/real-ct';
import { parseRealRois } from './realism/real-rois';
import { formatReport, LEGEND } from './realism/report';
import { errorMessage } from '../src/core/error-message';

const ROOT = join(import.meta.dirname, '..');
const DATA_DIR = join(ROOT, '..', 'shared', 'data');
const ROI_FILE = join(import.meta.dirname, 'realism', 'real-rois.json');
const SEED = 'realism';
const SLICE_THICKNESS_MM = 2.5;
/** The liver window, where parenchymal texture and noise show best. */
const WINDOW = { center: 90, width: 150 };

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), {
    studies: 'number',
    slices: 'number',
    out: 'string',
    variation: 'string',
  });
  // The training recipe's phantoms by default; `--variation specification` shows the one path.
  const variation = (args.variation ?? 'wide') as Variation;
  if (!VARIATIONS.includes(variation)) throw new Error(`--variation must be one of ${VARIATIONS.join(', ')}`);
  const count = args.studies ?? (variation === 'wide' ? 8 : 4);
  const slices = args.slices ?? 20;
  if (!Number.isInteger(count) || count < 1) throw new Error('--studies must be a whole number ≥ 1');
  if (!Number.isInteger(slices) || slices < 8) throw new Error('--slices must be a whole number ≥ 8');
  const out = args.out ?? join(ROOT, 'docs', 'realism.png');

  if (!existsSync(DATA_DIR)) {
    throw new Error(`${DATA_DIR} not found: the real CT (../shared/data beside the repository) is needed`);
  }
  const studies = parseRealRois(JSON.parse(await readFile(ROI_FILE, 'utf8')));
  const missing = studies.map((s) => join(DATA_DIR, s.folder)).filter((dir) => !existsSync(dir));
  if (missing.length > 0) {
    throw new Error(`real CT not found: ${missing.join(', ')} (expected in ../shared/data beside the repository)`);
  }

  const started = performance.now();
  const real = await measureRealStudies(DATA_DIR, studies);
  const phantoms = measurePhantoms({
    seed: SEED,
    count,
    slices,
    sliceThicknessMm: SLICE_THICKNESS_MM,
    phases: ['NC', 'ART', 'PV', 'DL'],
    measureEvery: 4,
    variation,
  });

  console.log('Real CT vs phantoms: do the phantoms look like real CT?');
  console.log(
    `real: ${studies.map((s) => `${s.name} (${Object.keys(s.series).join('/')})`).join(', ')}, ROIs in ${relative(ROOT, ROI_FILE)}`,
  );
  console.log(
    `phantoms: ${count} studies, seed '${SEED}', --variation ${variation}, 512 x 512 x ${slices} slices of ${SLICE_THICKNESS_MM} mm, 2 HCCs each, rendered in memory`,
  );
  for (const note of real.notes) console.log(`note: ${note}`);
  console.log('');
  for (const line of formatReport({
    real: real.columns,
    phantoms: phantoms.measures,
    phases: ['NC', 'ART', 'PV', 'DL'],
  }))
    console.log(line);
  for (const line of LEGEND) console.log(line);

  if (real.tumourSlice === null || phantoms.tumourSlice === null) throw new Error('no HCC slice to picture');
  const png = sideBySide(
    [
      {
        slice: real.tumourSlice.slice,
        title: [`REAL CT ${real.tumourSlice.study} PV`, `Z ${real.tumourSlice.slice.z.toFixed(1)} HCC (LEFT LOBE)`],
      },
      {
        slice: phantoms.tumourSlice.slice,
        title: [
          `PHANTOM ${phantoms.tumourSlice.study} PV`,
          `HCC ${phantoms.tumourSlice.diameterMm.toFixed(0)} MM (LARGEST OF ${count * 2})`,
        ],
      },
    ],
    {
      window: WINDOW,
      fieldOfViewMm: 380,
      tilePx: 384,
      caption: [`LIVER WINDOW W${WINDOW.width} L${WINDOW.center}   SAME SCALE: 380 MM FIELD OF VIEW`],
    },
  );
  // Greyscale PNG: the labels are white, and CT noise compresses poorly in four channels.
  const bytes = PNG.sync.write(png, { colorType: 0 });
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, bytes);
  console.log(
    `\nwrote ${relative(ROOT, out)} (${png.width} x ${png.height}, ${Math.round(bytes.length / 1024)} KB) in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
}

main().catch((error: unknown) => {
  console.error(`realism: ${errorMessage(error)}`);
  process.exit(1);
});
