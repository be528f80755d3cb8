import { describe, expect, it } from 'vitest';
import { patientMm, voxelToPatient, voxelIndex, type VolumeGeometry } from '../geometry';
import { readHuBox } from './hu-box';

const geometry: VolumeGeometry = {
  dimensions: [5, 4, 3],
  origin: patientMm(-10, -20, 30),
  rowDirection: [1, 0, 0],
  columnDirection: [0, 1, 0],
  sliceDirection: [0, 0, -1],
  spacing: [0.5, 0.5, 2],
};
const value = (i: number, j: number, k: number) => 100 * k + 10 * j + i;

describe('reading the box an alignment needs', () => {
  it.each([
    ['Float32 HU', (v: number[]) => Float32Array.from(v)],
    ['16-bit HU, as the decoded-slice cache keeps whole HU', (v: number[]) => Int16Array.from(v)],
    ['a plain array', (v: number[]) => v],
  ])('copies the voxels of %s and places the box where it was in the series', async (_, kind) => {
    const read: number[] = [];
    const box = await readHuBox(geometry, { columns: [1, 3], rows: [2, 3], slices: [1, 2] }, (k) => {
      read.push(k);
      return Promise.resolve(kind(Array.from({ length: 20 }, (_, n) => value(n % 5, Math.floor(n / 5), k))));
    });
    expect(read).toEqual([1, 2]);
    expect(box.geometry.dimensions).toEqual([3, 2, 2]);
    expect([...box.geometry.origin]).toEqual([...voxelToPatient(geometry, voxelIndex(1, 2, 1))]);
    expect(Array.from(box.values)).toEqual([121, 122, 123, 131, 132, 133, 221, 222, 223, 231, 232, 233]);
  });

  it('averages blocks of voxels when asked, placing each at its centre', async () => {
    const box = await readHuBox(
      geometry,
      { columns: [0, 3], rows: [0, 1], slices: [1, 2] },
      (k) => Promise.resolve(Float32Array.from({ length: 20 }, (_, n) => value(n % 5, Math.floor(n / 5), k))),
      [2, 2],
    );
    expect(box.geometry.dimensions).toEqual([2, 1, 2]);
    expect([...box.geometry.spacing]).toEqual([1, 1, 2]);
    expect([...box.geometry.origin]).toEqual([...voxelToPatient(geometry, voxelIndex(0.5, 0.5, 1))]);
    // Slice 1, columns 0–1 and rows 0–1: (100 + 101 + 110 + 111) / 4.
    expect(Array.from(box.values)).toEqual([105.5, 107.5, 205.5, 207.5]);
  });

  it('refuses a box that does not hold whole blocks', async () => {
    await expect(
      readHuBox(geometry, { columns: [0, 2], rows: [0, 1], slices: [0, 0] }, () => Promise.resolve(null), [2, 2]),
    ).rejects.toThrow(/whole 2 × 2 blocks/);
  });

  it('leaves unreadable slices as NaN', async () => {
    const box = await readHuBox(geometry, { columns: [0, 0], rows: [0, 0], slices: [0, 1] }, (k) =>
      Promise.resolve(k === 0 ? null : new Float32Array(20).fill(7)),
    );
    expect(Array.from(box.values)).toEqual([Number.NaN, 7]);
  });
});
