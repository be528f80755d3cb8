/**
 * Reads a folder of CT DICOM files back with dicom-parser (an implementation independent of the
 * dcmjs writer), for the contact sheet and the tests.
 */
import dicomParser from 'dicom-parser';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface SliceRecord {
  readonly path: string;
  readonly seriesInstanceUid: string;
  readonly seriesDescription: string;
  readonly imagePositionPatient: readonly [number, number, number];
  readonly pixelSpacing: readonly [number, number];
  readonly rows: number;
  readonly columns: number;
  readonly rescaleIntercept: number;
  readonly rescaleSlope: number;
  /** Pixel values after the rescale: HU. */
  readonly hu: Float32Array;
  readonly dataSet: dicomParser.DataSet;
}

export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.dcm'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

export function parseSlice(path: string, bytes: Uint8Array): SliceRecord {
  const dataSet = dicomParser.parseDicom(bytes);
  const number = (tag: string, index = 0): number => {
    const value = dataSet.floatString(tag, index);
    if (value === undefined) throw new Error(`${path}: missing ${tag}`);
    return value;
  };
  const rows = dataSet.uint16('x00280010') ?? 0;
  const columns = dataSet.uint16('x00280011') ?? 0;
  const pixel = dataSet.elements.x7fe00010;
  if (pixel === undefined) throw new Error(`${path}: no pixel data`);
  const signed = dataSet.uint16('x00280103') === 1;
  const count = rows * columns;
  const view = new DataView(bytes.buffer, bytes.byteOffset + pixel.dataOffset, count * 2);
  const slope = number('x00281053');
  const intercept = number('x00281052');
  const hu = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const raw = signed ? view.getInt16(i * 2, true) : view.getUint16(i * 2, true);
    hu[i] = raw * slope + intercept;
  }
  return {
    path,
    seriesInstanceUid: dataSet.string('x0020000e') ?? '',
    seriesDescription: dataSet.string('x0008103e') ?? '',
    imagePositionPatient: [number('x00200032', 0), number('x00200032', 1), number('x00200032', 2)],
    pixelSpacing: [number('x00280030', 0), number('x00280030', 1)],
    rows,
    columns,
    rescaleIntercept: intercept,
    rescaleSlope: slope,
    hu,
    dataSet,
  };
}

export async function readSlices(dir: string): Promise<SliceRecord[]> {
  const files = await listFiles(dir);
  return Promise.all(files.map(async (path) => parseSlice(path, new Uint8Array(await readFile(path)))));
}
