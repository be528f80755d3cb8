/**
 * npm run trim-real-ct -- --from DIR --to DIR [--z-min MM --z-max MM] [--y-min MM --y-max MM] [--margin PX]
 *
 * Makes the small, lossless copy of a real CT study that the repository commits, so that its tests
 * need nothing beside it: every slice is cropped in-plane to the box around the body (HU > −400 on
 * any slice, plus a margin; air and table outside it), slices outside [z-min, z-max] are dropped,
 * rows outside [y-min, y-max] (patient y, mm: the table below the back, air above the belly) are
 * cut too, and each file is recompressed with JPEG-LS lossless (dcmtk's dcmcjpls), which also puts the
 * page's JPEG-LS decoder under real CT. Pixel values inside the box are not changed; the geometry
 * (Rows, Columns, ImagePositionPatient) is rewritten to match. Files the project's reader skips
 * (a truncated file of the public collection) are copied as they are. Text files (README, LICENSE,
 * annotations.json) are copied.
 */
import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  copyFileSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import dcmjs from 'dcmjs';
import { parseSliceMeta, type SliceMeta } from '../src/core/dicom/slice-meta';
import { decodeHu } from '../src/core/dicom/pixels';
import { parseArgs } from './args';
import { listFiles } from './read-dicom';
import { errorMessage } from '../src/core/error-message';

interface Box {
  r0: number;
  r1: number;
  c0: number;
  c1: number;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), {
    from: 'string',
    to: 'string',
    'z-min': 'number',
    'z-max': 'number',
    'y-min': 'number',
    'y-max': 'number',
    margin: 'number',
  });
  if (args.from === undefined || args.to === undefined)
    throw new Error('usage: npm run trim-real-ct -- --from DIR --to DIR [--z-min MM --z-max MM] [--margin PX]');
  const from = args.from;
  const to = args.to;
  const zMin = args['z-min'] ?? Number.NEGATIVE_INFINITY;
  const zMax = args['z-max'] ?? Number.POSITIVE_INFINITY;
  const margin = args.margin ?? 8;
  rmSync(to, { recursive: true, force: true });

  const files = await listFiles(from);
  const slices = files.flatMap((path) => {
    const bytes = new Uint8Array(readFileSync(path));
    const parsed = parseSliceMeta(path, bytes);
    return parsed.kind === 'slice' ? [{ path, bytes, meta: parsed.slice }] : [];
  });
  const kept = slices.filter((s) => {
    const z = s.meta.imagePositionPatient?.[2];
    return z !== undefined && z >= zMin && z <= zMax;
  });
  const box = withinY(bodyBox(kept, margin), kept[0]?.meta, args['y-min'], args['y-max']);
  let written = 0;
  for (const path of files) {
    const target = join(to, relative(from, path));
    mkdirSync(dirname(target), { recursive: true });
    const slice = slices.find((s) => s.path === path);
    if (slice === undefined) {
      copyFileSync(path, target);
      continue;
    }
    if (!kept.includes(slice)) continue;
    const cropped = `${target}.raw`;
    writeFileSync(cropped, crop(slice.bytes, slice.meta.columns, box));
    execFileSync('dcmcjpls', ['--encode-lossless', cropped, target]);
    rmSync(cropped);
    written++;
  }
  for (const name of readdirSync(from)) {
    if (!statSync(join(from, name)).isFile() || name.endsWith('.dcm')) continue;
    copyFileSync(join(from, name), join(to, name));
  }
  const command = `npm run trim-real-ct -- ${process.argv.slice(2).join(' ')}`;
  appendFileSync(
    join(to, 'README.md'),
    `\n## This copy\n\nTrimmed for the repository's tests by \`${command}\` (pipeline/trim-real-ct.ts): ` +
      `${String(written)} of the ${String(slices.length)} readable slices, each cropped to rows ${String(box.r0)}–${String(box.r1)} and ` +
      `columns ${String(box.c0)}–${String(box.c1)} of the original matrix (ImagePositionPatient, Rows and Columns rewritten to match) ` +
      `and stored as JPEG-LS lossless: every kept pixel has its original value. Files the project's reader skips are copied unchanged.\n`,
  );
  console.log(
    `${String(written)} slices of ${String(slices.length)} cropped to rows ${String(box.r0)}–${String(box.r1)}, ` +
      `columns ${String(box.c0)}–${String(box.c1)} and compressed (JPEG-LS lossless) into ${to}: ` +
      `${(folderBytes(to) / 1e6).toFixed(2)} MB in all`,
  );
}

function folderBytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .reduce((sum, e) => sum + statSync(join(e.parentPath, e.name)).size, 0);
}

/** The rows and columns holding body (HU > −400) on any slice, widened by `margin` pixels. */
function bodyBox(slices: readonly { bytes: Uint8Array; meta: SliceMeta }[], margin: number): Box {
  const first = slices[0];
  if (first === undefined) throw new Error('no slice in the z range');
  const { rows, columns } = first.meta;
  const box: Box = { r0: rows, r1: -1, c0: columns, c1: -1 };
  for (const { bytes, meta } of slices) {
    if (meta.rows !== rows || meta.columns !== columns) throw new Error('slices of different sizes');
    const hu = decodeHu(bytes, meta);
    if (hu === null) throw new Error(`${meta.fileName}: pixels not readable`);
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < columns; c++)
        if ((hu[r * columns + c] as number) > -400) {
          box.r0 = Math.min(box.r0, r);
          box.r1 = Math.max(box.r1, r);
          box.c0 = Math.min(box.c0, c);
          box.c1 = Math.max(box.c1, c);
        }
  }
  return {
    r0: Math.max(0, box.r0 - margin),
    r1: Math.min(rows - 1, box.r1 + margin),
    c0: Math.max(0, box.c0 - margin),
    c1: Math.min(columns - 1, box.c1 + margin),
  };
}

/** The box narrowed to rows whose patient y lies in [yMin, yMax] (axial slices: rows run along y). */
function withinY(box: Box, meta: SliceMeta | undefined, yMin = -Infinity, yMax = Infinity): Box {
  const origin = meta?.imagePositionPatient?.[1];
  const spacing = meta?.pixelSpacing?.[0];
  if (origin === undefined || spacing === undefined) return box;
  return {
    ...box,
    r0: Math.max(box.r0, Math.ceil((yMin - origin) / spacing)),
    r1: Math.min(box.r1, Math.floor((yMax - origin) / spacing)),
  };
}

/** The file with its pixels cut to `box` and its geometry to match (uncompressed, explicit VR little endian). */
function crop(bytes: Uint8Array, columns: number, box: Box): Uint8Array {
  const buffer = new Uint8Array(bytes).buffer;
  const file = dcmjs.data.DicomMessage.readFile(buffer);
  const dict = file.dict as Record<string, { Value: unknown[] }>;
  const value = (tag: string): unknown[] => {
    const element = dict[tag];
    if (element === undefined) throw new Error(`(${tag}) missing`);
    return element.Value;
  };
  const spacing = value('00280030').map(Number);
  const orientation = value('00200037').map(Number);
  const position = value('00200032').map(Number);
  const pixels = new Uint8Array(value('7FE00010')[0] as ArrayBuffer);
  const bytesPerPixel = Number(value('00280100')[0]) / 8;
  const width = box.c1 - box.c0 + 1;
  const height = box.r1 - box.r0 + 1;
  const out = new Uint8Array(width * height * bytesPerPixel);
  for (let r = 0; r < height; r++) {
    const start = ((box.r0 + r) * columns + box.c0) * bytesPerPixel;
    out.set(pixels.subarray(start, start + width * bytesPerPixel), r * width * bytesPerPixel);
  }
  // The first pixel's centre moves c0 columns along the row direction and r0 rows along the column direction.
  const [rowSpacing = 1, columnSpacing = 1] = spacing;
  const moved = [0, 1, 2].map(
    (axis) =>
      (position[axis] as number) +
      box.c0 * columnSpacing * (orientation[axis] as number) +
      box.r0 * rowSpacing * (orientation[axis + 3] as number),
  );
  value('00280010')[0] = height;
  value('00280011')[0] = width;
  dict['00200032'] = { ...dict['00200032'], Value: moved.map((v) => Number(v.toFixed(4))) };
  dict['7FE00010'] = { ...dict['7FE00010'], Value: [out.buffer] };
  const written = new dcmjs.data.DicomDict(file.meta);
  written.dict = dict;
  return new Uint8Array(written.write());
}

main().catch((error: unknown) => {
  console.error(`trim-real-ct: ${errorMessage(error)}`);
  process.exit(1);
});
