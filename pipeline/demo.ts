/**
 * Makes sure the bundled demo study exists in public/demo/ (generated once, then kept): one
 * 4-phase study at 512×512×48 with one lesion of each class, and an index.json listing its files
 * so the browser can fetch them from a static server.
 *
 *   npm run demo [-- --force]
 */
import { createHash } from 'node:crypto';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { LESION_CLASSES } from '../src/core/labels';
import { parseArgs } from './args';
import { generateStudies } from './phantom/generate';
import { GENERATOR_VERSION } from './phantom/study';
import { errorMessage } from '../src/core/error-message';

export const DEMO_DIR = 'public/demo';
const DEMO_SEED = 'demo-2026';

export interface DemoIndex {
  /** Hash of the generator's source: the demo is regenerated whenever the generator changes. */
  readonly fingerprint: string;
  readonly generatorVersion: string;
  readonly seed: string;
  readonly study: string;
  readonly annotations: string;
  readonly files: readonly string[];
}

/** Everything the demo's bytes depend on. */
async function generatorFingerprint(): Promise<string> {
  const hash = createHash('sha256');
  const sources = (await readdir('pipeline/phantom'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .sort()
    .map((f) => join('pipeline/phantom', f));
  for (const file of [...sources, 'src/core/random.ts', 'src/core/labels.ts', 'pipeline/demo.ts']) {
    hash.update(file).update(await readFile(file));
  }
  return hash.digest('hex').slice(0, 16);
}

async function existingIndex(): Promise<DemoIndex | null> {
  try {
    return JSON.parse(await readFile(join(DEMO_DIR, 'index.json'), 'utf8')) as DemoIndex;
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { force: 'boolean' });
  const existing = await existingIndex();
  const fingerprint = await generatorFingerprint();
  if (args.force !== true && existing?.fingerprint === fingerprint) {
    console.log(`demo study present in ${DEMO_DIR}/${existing.study} (${existing.files.length} files)`);
    return;
  }
  console.log(`generating the demo study into ${DEMO_DIR} …`);
  await rm(DEMO_DIR, { recursive: true, force: true });
  const started = performance.now();
  const { studies } = await generateStudies({
    outDir: DEMO_DIR,
    seed: DEMO_SEED,
    classes: LESION_CLASSES,
    plans: [LESION_CLASSES],
    size: 512,
    slices: 48,
    sliceThicknessMm: 3,
    // Lossless JPEG-LS: the app precaches the demo for offline use, so it should be small.
    compression: 'jpeg-ls',
  });
  const study = studies[0];
  if (study === undefined) throw new Error('no demo study was generated');
  const studyDir = join(DEMO_DIR, study.name);
  const entries = await readdir(studyDir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && e.name.endsWith('.dcm'))
    .map((e) => relative(DEMO_DIR, join(e.parentPath, e.name)))
    .sort();
  const index: DemoIndex = {
    fingerprint,
    generatorVersion: GENERATOR_VERSION,
    seed: DEMO_SEED,
    study: study.name,
    annotations: `${study.name}/annotations.json`,
    files,
  };
  await writeFile(join(DEMO_DIR, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
  console.log(`demo study ready: ${files.length} files, ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error: unknown) => {
  console.error(`demo: ${errorMessage(error)}`);
  process.exit(1);
});
