/**
 * Study folders for the browser tests, made once per run with the project's own phantom
 * generator and dcmtk: a 4-phase study, and the bad inputs a hospital folder can hold.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSliceMeta } from '../src/core/dicom/slice-meta';
import { damagedCopies } from '../test-support/damaged-copies';
import { dicomFiles, seriesDirs } from '../test-support/browser/study-files';

export {
  huInFile,
  phasePositions,
  readAnnotations,
  seriesDirs,
  type Annotations,
} from '../test-support/browser/study-files';

export const DATA = join(import.meta.dirname, '..', 'test-results', 'e2e-data');
export const GENERATED = join(DATA, 'generated');
/** Annotated test studies for the classification checks: 5 lesions of each class, a seed never trained on. */
export const CLASSIFY_SET = join(DATA, 'classify-set');
/** GENERATED's first study again, with ART and PV written as two acquisitions of one series. */
export const ONE_SERIES = join(DATA, 'art-pv-one-series');
/** GENERATED's first study as Enhanced CT, ART and PV two acquisitions of one series: one file per acquisition. */
export const ENHANCED = join(DATA, 'enhanced-ct');
/** GENERATED's first study as Legacy Converted Enhanced CT: one file per series. */
export const LEGACY_MULTI_FRAME = join(DATA, 'legacy-multi-frame');
export const REAL_CT = join(import.meta.dirname, '..', 'testdata', 'real-ct', 'hcc048-pv');
/** Real three-phase CT of one HCC patient (NC, ART, PV). */
export const REAL_3PHASE = join(import.meta.dirname, '..', 'testdata', 'real-ct', 'hcc009-3phase');

function fresh(name: string, from?: string): string {
  const dir = join(DATA, name);
  rmSync(dir, { recursive: true, force: true });
  if (from === undefined) mkdirSync(dir, { recursive: true });
  else cpSync(from, dir, { recursive: true });
  return dir;
}

/** Runs the phantom generator into `out` unless a finished run with the same arguments is there. */
function phantoms(out: string, args: readonly string[]): void {
  const marker = join(out, '.complete');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === args.join(' ')) return;
  rmSync(out, { recursive: true, force: true });
  execFileSync('npx', ['tsx', 'pipeline/phantoms.ts', '--out', out, ...args], { stdio: 'inherit' });
  writeFileSync(marker, args.join(' '));
}

/**
 * Rewrites the multi-frame files of `dir`'s studies with RescaleIntercept −1024 (in the shared
 * Pixel Value Transformation group) and stored values 1024 higher: the same HU, but a viewer that
 * missed the frames' rescale would show them 1024 HU off. The study drawn here has intercept 0.
 */
function shiftIntercept(dir: string): void {
  const marker = join(dir, '.intercept-shifted');
  if (existsSync(marker)) return;
  const studies = readdirSync(dir).filter((name) => name.startsWith('study-'));
  for (const file of studies.flatMap((study) => seriesDirs(join(dir, study)).flatMap(dicomFiles))) {
    const bytes = new Uint8Array(readFileSync(file));
    const parsed = parseSliceMeta(file, bytes);
    if (parsed.kind !== 'slice' || parsed.slice.rescaleIntercept !== 0) throw new Error(`${file}: not intercept 0`);
    const { offset, length } = parsed.slice.pixelData;
    const pixels = new DataView(bytes.buffer, bytes.byteOffset + offset, length);
    for (let at = 0; at < length; at += 2) pixels.setInt16(at, pixels.getInt16(at, true) + 1024, true);
    writeFileSync(file, bytes);
    execFileSync('dcmodify', ['-nb', '-m', '(5200,9229)[0].(0028,9145)[0].(0028,1052)=-1024', file]);
  }
  writeFileSync(marker, '');
}

/** Generates the studies (seeded: the same every run) and derives the bad-input folders. */
export function makeFixtures(): void {
  phantoms(GENERATED, ['--studies', '2', '--seed', 'e2e-viewer', '--size', '256', '--slices', '24']);
  phantoms(CLASSIFY_SET, ['--per-class', '5', '--seed', 'e2e-classify', '--size', '256']);
  phantoms(ONE_SERIES, [
    '--studies',
    '1',
    '--seed',
    'e2e-viewer',
    '--size',
    '256',
    '--slices',
    '24',
    '--art-pv-one-series',
  ]);
  // The same seed and index as GENERATED's study-0000: the same study, stored otherwise.
  const firstStudy = ['--studies', '1', '--seed', 'e2e-viewer', '--size', '256', '--slices', '24'];
  phantoms(ENHANCED, [...firstStudy, '--art-pv-one-series', '--multi-frame', 'enhanced']);
  shiftIntercept(ENHANCED);
  phantoms(LEGACY_MULTI_FRAME, [...firstStudy, '--multi-frame', 'legacy']);
  const study = join(GENERATED, 'study-0000');

  const noDicom = fresh('no-dicom');
  writeFileSync(join(noDicom, 'notes.txt'), 'a patient list, not an image\n');
  writeFileSync(join(noDicom, 'IM0001.dcm'), Buffer.alloc(4096, 7));
  writeFileSync(join(noDicom, '.DS_Store'), Buffer.alloc(64));

  const truncated = fresh('truncated', study);
  const [firstSeries] = seriesDirs(truncated);
  const victim = dicomFiles(firstSeries ?? truncated)[5] as string;
  const bytes = readFileSync(victim);
  writeFileSync(victim, bytes.subarray(0, Math.floor(bytes.length / 2)));

  const twoStudies = fresh('two-studies');
  cpSync(study, join(twoStudies, 'a'), { recursive: true });
  cpSync(join(GENERATED, 'study-0001'), join(twoStudies, 'b'), { recursive: true });

  const uneven = fresh('different-spacing', study);
  const second = seriesDirs(uneven)[1] as string;
  dicomFiles(second).forEach((file, i) => {
    if (i % 2 === 1) rmSync(file);
  });

  const nonCt = fresh('secondary-capture', study);
  const capture = join(nonCt, 'SC');
  mkdirSync(capture);
  for (const file of dicomFiles(seriesDirs(study)[2] as string).slice(0, 3)) {
    const target = join(capture, file.split('/').pop() ?? 'x.dcm');
    cpSync(file, target);
    execFileSync('dcmodify', [
      '-nb',
      '-m',
      '(0008,0060)=OT',
      '-m',
      '(0008,0016)=1.2.840.10008.5.1.4.1.1.7',
      '-m',
      '(0008,103E)=Screen capture',
      '-m',
      '(0020,000E)=2.25.1234567890',
      target,
    ]);
  }

  // One MR image alone, JPEG-LS compressed, with its own window (as a public DICOM test set has it).
  const mr = fresh('mr-jpeg-ls');
  const mrSource = join(mr, 'source.dcm');
  cpSync(dicomFiles(seriesDirs(study)[0] as string)[12] as string, mrSource);
  execFileSync('dcmodify', [
    '-nb',
    ...['-i', '(0008,0060)=MR', '-i', '(0008,0016)=1.2.840.10008.5.1.4.1.1.4', '-i', '(0008,103E)=T2 axial'],
    ...['-i', '(0020,000D)=2.25.7001', '-i', '(0020,000E)=2.25.7002'],
    ...['-i', '(0028,1050)=120', '-i', '(0028,1051)=500'],
    ...['-e', '(0028,1052)', '-e', '(0028,1053)', '-e', '(0028,1054)'],
    mrSource,
  ]);
  execFileSync('dcmcjpls', [mrSource, join(mr, 'MR0001.dcm')]);
  rmSync(mrSource);

  // Twenty seeded damaged copies of one series' files (cut short, or header bits flipped) mixed in.
  const damaged = fresh('damaged-copies', study);
  const victims = dicomFiles(seriesDirs(study)[1] as string).map((path) => ({
    name: path,
    bytes: new Uint8Array(readFileSync(path)),
  }));
  for (const copy of damagedCopies(victims, 'e2e-damage', 20)) {
    mkdirSync(join(damaged, 'copies'), { recursive: true });
    writeFileSync(join(damaged, copy.name), copy.bytes);
  }

  transferSyntaxFolders(study);
}

/**
 * The generated study rewritten in each transfer syntax the page reads, by dcmtk and GDCM (the
 * encoders PACS and scanners use), one folder each. `ts-explicit-little-endian` holds the
 * generator's own files: the reference the others are compared with.
 */
export const TRANSFER_SYNTAX_CASES = [
  { folder: 'ts-explicit-little-endian', uid: '1.2.840.10008.1.2.1', lossy: false, command: [] },
  { folder: 'ts-implicit-little-endian', uid: '1.2.840.10008.1.2', lossy: false, command: ['dcmconv', '+ti'] },
  { folder: 'ts-big-endian', uid: '1.2.840.10008.1.2.2', lossy: false, command: ['dcmconv', '+tb'] },
  { folder: 'ts-deflated', uid: '1.2.840.10008.1.2.1.99', lossy: false, command: ['dcmconv', '+td'] },
  { folder: 'ts-jpeg-lossless-p14', uid: '1.2.840.10008.1.2.4.57', lossy: false, command: ['dcmcjpeg', '+el'] },
  { folder: 'ts-jpeg-lossless-sv1', uid: '1.2.840.10008.1.2.4.70', lossy: false, command: ['dcmcjpeg', '+e1'] },
  { folder: 'ts-jpeg-ls', uid: '1.2.840.10008.1.2.4.80', lossy: false, command: ['dcmcjpls'] },
  { folder: 'ts-rle', uid: '1.2.840.10008.1.2.5', lossy: false, command: ['dcmcrle'] },
  { folder: 'ts-jpeg2000', uid: '1.2.840.10008.1.2.4.90', lossy: false, command: ['gdcmconv', '--j2k'] },
  // Lossy: JPEG-LS near-lossless bounded at ±2 HU per voxel; the others unbounded by design.
  {
    folder: 'ts-jpeg-ls-near-lossless',
    uid: '1.2.840.10008.1.2.4.81',
    lossy: true,
    command: ['gdcmconv', '--jpegls', '--lossy', '-e', '2'],
  },
  // dcmcjpeg rescales 16-bit CT into 12 bits (slope 1) or 8 bits (slope ≈ 8 HU) for these.
  { folder: 'ts-jpeg-extended-12bit', uid: '1.2.840.10008.1.2.4.51', lossy: true, command: ['dcmcjpeg', '+ee'] },
  { folder: 'ts-jpeg-baseline-8bit', uid: '1.2.840.10008.1.2.4.50', lossy: true, command: ['dcmcjpeg', '+eb'] },
  {
    folder: 'ts-jpeg2000-lossy',
    uid: '1.2.840.10008.1.2.4.91',
    lossy: true,
    command: ['gdcmconv', '--j2k', '--lossy', '-r', '10'],
  },
] as const;

export type TransferSyntaxCase = (typeof TRANSFER_SYNTAX_CASES)[number];

/**
 * One folder per case (kept while its recipe is unchanged: ~1 000 encoder runs). The annotations
 * keep each lesion's centre on its own phase but drop the per-phase centres, so the page carries
 * and aligns every ROI itself: alignment, crops and classification all read the decoded pixels.
 */
function transferSyntaxFolders(study: string): void {
  const annotations = JSON.parse(readFileSync(join(study, 'annotations.json'), 'utf8')) as {
    lesions: Record<string, unknown>[];
  };
  const withoutPhaseCentres = {
    ...annotations,
    lesions: annotations.lesions.map((lesion) =>
      Object.fromEntries(Object.entries(lesion).filter(([key]) => key !== 'phaseCenters')),
    ),
  };
  for (const c of TRANSFER_SYNTAX_CASES) {
    const recipe = `${readFileSync(join(GENERATED, '.complete'), 'utf8')} | ${c.command.join(' ')}`;
    const marker = join(DATA, c.folder, '.complete');
    if (existsSync(marker) && readFileSync(marker, 'utf8') === recipe) continue;
    const dir = fresh(c.folder, study);
    writeFileSync(join(dir, 'annotations.json'), JSON.stringify(withoutPhaseCentres, null, 2));
    const [tool, ...args] = c.command;
    if (tool !== undefined) {
      for (const file of seriesDirs(dir).flatMap(dicomFiles)) {
        execFileSync(tool, [...args, file, `${file}.tmp`], { stdio: 'pipe' });
        renameSync(`${file}.tmp`, file);
      }
    }
    writeFileSync(marker, recipe);
  }

  // A syntax this build has no decoder for: the JPEG 2000 files relabelled JPEG 2000 Part 2
  // (1.2.840.10008.1.2.4.92, the same length, so nothing else in the file moves).
  const undecodable = fresh('ts-undecodable', join(DATA, 'ts-jpeg2000'));
  rmSync(join(undecodable, '.complete'));
  for (const file of seriesDirs(undecodable).flatMap(dicomFiles)) {
    const bytes = readFileSync(file);
    const at = bytes.indexOf('1.2.840.10008.1.2.4.90');
    if (at < 0 || at > 400) throw new Error(`${file}: no JPEG 2000 transfer syntax in its meta header`);
    bytes.write('1.2.840.10008.1.2.4.92', at, 'latin1');
    writeFileSync(file, bytes);
  }
}
