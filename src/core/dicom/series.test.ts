import { describe, expect, it } from 'vitest';
import { cross, patientMm, type Vec3 } from '../geometry';
import { Rng } from '../random';
import { groupSeries } from './series';
import { fakeSlice } from './test-dicom';

describe('groupSeries', () => {
  it('sorts shuffled files by position along the normal, whatever their names and numbers', () => {
    const slices = Array.from({ length: 20 }, (_, k) =>
      fakeSlice({ z: -100 + 2.5 * k, fileName: `IM${19 - k}`, instanceNumber: (k * 7) % 20 }),
    );
    const [series] = groupSeries(new Rng(1).shuffle(slices));
    expect(series?.slices.map((s) => s.imagePositionPatient?.[2])).toEqual(
      slices.map((s) => s.imagePositionPatient?.[2]),
    );
    expect(series?.sliceSpacing).toBeCloseTo(2.5, 9);
    expect(series?.issues).toEqual([]);
  });

  it('sorts an oblique series along its own normal, not along z', () => {
    const row: Vec3 = [Math.cos(0.4), Math.sin(0.4), 0];
    const col: Vec3 = [-Math.sin(0.4) * Math.cos(0.5), Math.cos(0.4) * Math.cos(0.5), Math.sin(0.5)];
    const normal = cross(row, col);
    const slices = Array.from({ length: 10 }, (_, k) =>
      fakeSlice({
        fileName: `s${k}`,
        sopInstanceUid: `1.${k}`,
        imageOrientationPatient: [row, col],
        imagePositionPatient: patientMm(10 + 3 * k * normal[0], 20 + 3 * k * normal[1], 30 + 3 * k * normal[2]),
      }),
    );
    const [series] = groupSeries(new Rng(2).shuffle(slices));
    expect(series?.slices.map((s) => s.fileName)).toEqual(slices.map((s) => s.fileName));
    expect(series?.sliceSpacing).toBeCloseTo(3, 9);
  });

  it('falls back to InstanceNumber without positions, and says so', () => {
    const slices = [3, 1, 2].map((n) =>
      fakeSlice({ fileName: `n${n}`, instanceNumber: n, imagePositionPatient: undefined }),
    );
    const [series] = groupSeries(slices);
    expect(series?.slices.map((s) => s.fileName)).toEqual(['n1', 'n2', 'n3']);
    expect(series?.issues.join()).toMatch(/ordered by InstanceNumber/);
  });

  it('makes one stack per acquisition of a series that stores two (ART and PV), each with its own key', () => {
    const acquisition = (number: number, first: number) =>
      Array.from({ length: 30 }, (_, k) =>
        fakeSlice({
          z: -2.5 * k,
          acquisitionNumber: number,
          instanceNumber: first + k,
          fileName: `a${number}-${k}`,
          sopInstanceUid: `1.${number}.${k}`,
        }),
      );
    const stacks = groupSeries([...acquisition(3, 31), ...acquisition(2, 1)]);
    expect(stacks.map((s) => [s.acquisition, s.slices.length])).toEqual([
      ['acquisition 2', 30],
      ['acquisition 3', 30],
    ]);
    expect(new Set(stacks.map((s) => s.key)).size).toBe(2);
    expect(stacks.every((s) => s.seriesInstanceUid === '1.1.1')).toBe(true);
    expect(stacks[0]?.issues).toEqual(['one of 2 acquisitions stored in one series (told apart by AcquisitionNumber)']);
    expect(stacks[1]?.slices.every((s) => s.acquisitionNumber === 3)).toBe(true);
  });

  it('separates series and studies, and reports duplicates, gaps and non-CT series', () => {
    const pv = [0, 2.5, 5, 5, 7.5, 12.5].map((z) => fakeSlice({ z }));
    const other = [0, 5].map((z) => fakeSlice({ z, studyInstanceUid: '2.2', seriesInstanceUid: '2.2.1' }));
    const capture = [fakeSlice({ z: 0, seriesInstanceUid: '1.1.9', modality: 'OT', seriesNumber: 99 })];
    const series = groupSeries([...pv, ...other, ...capture]);
    expect(series.map((s) => s.seriesInstanceUid)).toEqual(['1.1.1', '1.1.9', '2.2.1']);
    const first = series[0];
    expect(first?.slices).toHaveLength(5);
    expect(first?.issues.join('\n')).toMatch(/1 duplicate slice/);
    expect(first?.issues.join('\n')).toMatch(/uneven slice spacing: 1 gap/);
    expect(series[1]?.issues.join()).toMatch(/not CT \(modality OT\)/);
  });
});
