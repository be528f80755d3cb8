import { describe, expect, it } from 'vitest';
import type { Series } from '../dicom/series';
import { prefetchOrder } from './prefetch-order';

/** Axial slices at z = first, first + step, … (the normal is +z). */
function axial(count: number, first: number, step: number): Series {
  const slices = Array.from({ length: count }, (_, k) => ({ imagePositionPatient: [0, 0, first + k * step] }));
  return { slices, normal: [0, 0, 1] } as unknown as Series;
}

describe('prefetchOrder', () => {
  it('takes the slices within reach, nearest first, the phases taking turns', () => {
    const order = prefetchOrder(
      [
        { key: 'PV', series: axial(10, 0, 5), positionMm: 20 },
        { key: 'ART', series: axial(10, 2, 5), positionMm: 20 },
      ],
      100,
      6,
    );
    // PV: z 20 (0 mm), 15 and 25 (5 mm); ART: z 22 (2), 17 (3), 27 (7, out of reach).
    expect(order).toEqual([
      { key: 'PV', index: 4 },
      { key: 'ART', index: 4 },
      { key: 'PV', index: 3 },
      { key: 'ART', index: 3 },
      { key: 'PV', index: 5 },
    ]);
  });

  it('stops at the cap, keeping the nearest of every phase', () => {
    const order = prefetchOrder(
      [
        { key: 'PV', series: axial(40, 0, 2.5), positionMm: 50 },
        { key: 'NC', series: axial(40, 0, 2.5), positionMm: 50 },
      ],
      3,
    );
    expect(order).toEqual([
      { key: 'PV', index: 20 },
      { key: 'NC', index: 20 },
      { key: 'PV', index: 19 },
    ]);
  });

  it('skips a series without geometry', () => {
    const flat = { slices: [{ imagePositionPatient: undefined }], normal: undefined } as unknown as Series;
    expect(prefetchOrder([{ key: 'DL', series: flat, positionMm: 0 }], 10)).toEqual([]);
  });
});
