import { describe, expect, it } from 'vitest';
import { patientMm, type VolumeGeometry } from '../geometry';
import { connectedPieces, sliceWindow } from './slice-window';

const GEOMETRY: VolumeGeometry = {
  dimensions: [20, 10, 1],
  origin: patientMm(0, 0, 0),
  rowDirection: [1, 0, 0],
  columnDirection: [0, 1, 0],
  sliceDirection: [0, 0, 1],
  spacing: [2, 1, 5],
};

describe('sliceWindow', () => {
  it('spans the reach in each direction, a pixel of slack each side, clipped to the slice', () => {
    expect(sliceWindow(GEOMETRY, patientMm(20, 5, 0), 4)).toEqual({
      i0: 7,
      i1: 13,
      j0: 0,
      j1: 9,
      width: 7,
      height: 10,
    });
    expect(sliceWindow(GEOMETRY, patientMm(500, 5, 0), 4)).toBeNull();
  });
});

describe('connectedPieces', () => {
  // 5 × 3:  X X . X X
  //         . X . . X
  //         . . . X X
  const mask = [1, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 0, 0, 1, 1];

  it('finds the 4-connected pieces, each labelled by its first cell', () => {
    const { pieces, piece } = connectedPieces(5, 3, (c) => mask[c] === 1);
    expect(pieces.map((p) => [...p].sort((a, b) => a - b))).toEqual([
      [0, 1, 6],
      [3, 4, 9, 13, 14],
    ]);
    expect(piece[13]).toBe(3);
    expect(piece[2]).toBe(-1);
  });

  it('starts pieces only from seeds, so pieces without one are left out', () => {
    const { pieces } = connectedPieces(
      5,
      3,
      (c) => mask[c] === 1,
      (c) => c === 14,
    );
    expect(pieces).toHaveLength(1);
    expect(pieces[0]).toContain(0 + 3);
  });
});
