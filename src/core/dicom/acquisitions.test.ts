import { describe, expect, it } from 'vitest';
import { splitAcquisitions } from './acquisitions';
import type { SliceMeta } from './slice-meta';
import { fakeSlice } from './test-dicom';

const along = (s: SliceMeta) => s.imagePositionPatient?.[2];

/** `count` slices 2.5 mm apart, numbered from `firstInstance`. */
function pass(count: number, firstInstance: number, extra: Partial<SliceMeta> = {}): SliceMeta[] {
  return Array.from({ length: count }, (_, k) =>
    fakeSlice({
      z: -k * 2.5,
      instanceNumber: firstInstance + k,
      sopInstanceUid: `1.${firstInstance + k}`,
      fileName: `IM${firstInstance + k}`,
      ...extra,
    }),
  );
}

const sizes = (split: ReturnType<typeof splitAcquisitions>) => split.acquisitions.map((a) => a.slices.length);

describe('splitAcquisitions', () => {
  it('leaves a series of one acquisition whole', () => {
    const split = splitAcquisitions(pass(30, 1, { acquisitionNumber: 1 }), along);
    expect(split.rule).toBeUndefined();
    expect(split.acquisitions).toHaveLength(1);
    expect(split.acquisitions[0]?.label).toBeUndefined();
  });

  it('cuts ART and PV stored in one series (AcquisitionNumber 2 and 3, 75 + 75 slices) into two stacks', () => {
    const slices = [...pass(75, 1, { acquisitionNumber: 2 }), ...pass(75, 76, { acquisitionNumber: 3 })];
    const split = splitAcquisitions(slices, along);
    expect(split.rule).toBe('AcquisitionNumber');
    expect(sizes(split)).toEqual([75, 75]);
    expect(split.acquisitions.map((a) => a.label)).toEqual(['acquisition 2', 'acquisition 3']);
    expect(split.acquisitions[1]?.slices.every((s) => s.acquisitionNumber === 3)).toBe(true);
  });

  it('falls back on acquisition time when the numbers do not tell them apart', () => {
    const art = pass(40, 1, { acquisitionNumber: 1 }).map((s, k) => ({ ...s, acquisitionTime: 36000 + k * 0.1 }));
    const pv = pass(40, 41, { acquisitionNumber: 1 }).map((s, k) => ({ ...s, acquisitionTime: 36045 + k * 0.1 }));
    const split = splitAcquisitions([...pv, ...art], along);
    expect(split.rule).toBe('acquisition time');
    expect(split.acquisitions.map((a) => a.label)).toEqual(['acquisition at 10:00:00', 'acquisition at 10:00:45']);
    expect(sizes(split)).toEqual([40, 40]);
  });

  it('falls back on position cycles in InstanceNumber order when headers say nothing more', () => {
    const split = splitAcquisitions([...pass(20, 21), ...pass(20, 1)], along);
    expect(split.rule).toBe('position cycles');
    expect(sizes(split)).toEqual([20, 20]);
    expect(split.acquisitions[0]?.slices[0]?.instanceNumber).toBe(1);
  });

  it('keeps a few copied files as duplicates of one acquisition, not as an acquisition of their own', () => {
    const slices = pass(30, 1, { acquisitionNumber: 1 });
    const copies = slices.slice(10, 13).map((s) => ({ ...s, fileName: `${s.fileName}-copy`, instanceNumber: 100 }));
    const split = splitAcquisitions([...slices, ...copies], along);
    expect(split.rule).toBeUndefined();
    expect(sizes(split)).toEqual([33]);
  });

  it('does not split slices without geometry: repeats cannot be seen', () => {
    const slices = [...pass(5, 1, { acquisitionNumber: 2 }), ...pass(5, 6, { acquisitionNumber: 3 })].map((s) => ({
      ...s,
      imagePositionPatient: undefined,
    }));
    expect(splitAcquisitions(slices, along).rule).toBeUndefined();
  });
});
