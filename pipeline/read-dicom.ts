/**
 * Reads a folder of DICOM files in Node with the same src/core parser the browser uses
 * (dicom-parser underneath: an implementation independent of the dcmjs writer).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeHu } from '../src/core/dicom/pixels';
import { parseSliceMeta, type SliceMeta } from '../src/core/dicom/slice-meta';

export interface SliceRecord {
  readonly meta: SliceMeta;
  /** Pixel values after the rescale: HU. */
  readonly hu: Float32Array;
}

export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.dcm'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** One file's metadata and HU; throws with the file name when it is not a readable CT slice. */
export function readSlice(path: string, bytes: Uint8Array): SliceRecord {
  const parsed = parseSliceMeta(path, bytes);
  if (parsed.kind === 'skipped') throw new Error(`${path}: ${parsed.reason}`);
  const hu = decodeHu(bytes, parsed.slice);
  if (hu === null) throw new Error(`${path}: pixel data is compressed or not 16-bit single-frame`);
  return { meta: parsed.slice, hu };
}

export async function readSlices(dir: string): Promise<SliceRecord[]> {
  const files = await listFiles(dir);
  return Promise.all(files.map(async (path) => readSlice(path, new Uint8Array(await readFile(path)))));
}
