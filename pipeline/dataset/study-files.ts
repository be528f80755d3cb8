/**
 * Study folders on disk, for the Node pipeline: which folders hold a study, their files as
 * sources for src/core, and a whole series read into one HU volume.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeHu } from '../../src/core/dicom/pixels';
import type { HuVolume } from '../../src/core/roi/align';
import { readHuBox, seriesGeometry } from '../../src/core/roi/hu-box';
import type { ImagePlane } from '../../src/core/roi/roi';
import type { FileSource, StudySeries } from '../../src/core/study/read-study';

/** Folders below `root` that hold an annotations.json, in name order. */
export async function findStudies(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name === 'annotations.json')
    .map((e) => e.parentPath)
    .sort();
}

export async function dicomSources(dir: string): Promise<FileSource[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name !== 'annotations.json')
    .map((e) => join(e.parentPath, e.name))
    .sort()
    .map((path) => ({ name: path, read: async () => new Uint8Array(await readFile(path)) }));
}

export interface PhaseVolume {
  readonly volume: HuVolume;
  readonly plane: ImagePlane;
}

export async function loadVolume(entry: StudySeries, files: ReadonlyMap<string, FileSource>): Promise<PhaseVolume> {
  const geometry = seriesGeometry(entry.series);
  const orientation = entry.series.slices[0]?.imageOrientationPatient;
  if (geometry === null || orientation === undefined) throw new Error('a series without geometry');
  const [nx, ny, nz] = geometry.dimensions;
  const volume = await readHuBox(
    geometry,
    { columns: [0, nx - 1], rows: [0, ny - 1], slices: [0, nz - 1] },
    async (k) => {
      const slice = entry.series.slices[k];
      const file = slice === undefined ? undefined : files.get(slice.fileName);
      if (slice === undefined || file === undefined) return null;
      const hu = decodeHu(await file.read(), slice);
      if (hu === null)
        throw new Error(`${slice.fileName}: pixel data is compressed or not 16-bit; decompress it first`);
      return hu;
    },
  );
  return { volume, plane: { row: orientation[0], column: orientation[1] } };
}
