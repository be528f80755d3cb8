import { describe, expect, it } from 'vitest';
import { patientMm } from '../geometry';
import { describeLeftOut, leaveOutMisfits } from './misfits';
import { groupSeries } from './series';
import type { SliceMeta } from './slice-meta';
import { fakeSlice } from './test-dicom';

/** An intact axial series: 24 slices 2.5 mm apart, one image each. */
const intact = (): SliceMeta[] =>
  Array.from({ length: 24 }, (_, k) => fakeSlice({ z: -2.5 * k, fileName: `IM${k}`, instanceNumber: k + 1 }));

describe('leaveOutMisfits', () => {
  it('leaves an intact series as it is', () => {
    const { kept, leftOut } = leaveOutMisfits(intact());
    expect(kept).toHaveLength(24);
    expect(leftOut.size).toBe(0);
  });

  it('leaves out damaged copies that lost their position, changed matrix or moved, and counts each reason', () => {
    const good = intact();
    const damaged = [
      { ...(good[3] as SliceMeta), fileName: 'copy-a', imagePositionPatient: undefined },
      { ...(good[4] as SliceMeta), fileName: 'copy-b', imageOrientationPatient: undefined },
      { ...(good[5] as SliceMeta), fileName: 'copy-c', rows: 256 },
      // A flipped digit in the position: the same image claims a place off the slice grid.
      { ...(good[6] as SliceMeta), fileName: 'copy-d', imagePositionPatient: patientMm(0, 0, -16.3) },
    ];
    const { kept, leftOut } = leaveOutMisfits([...damaged, ...good]);
    expect(kept.map((s) => s.fileName).sort()).toEqual(good.map((s) => s.fileName).sort());
    expect(Object.fromEntries(leftOut)).toEqual({
      'without position or orientation': 2,
      'of another matrix size': 1,
      'copying another slice’s image to another position (same SOPInstanceUID)': 1,
    });
    expect(describeLeftOut(leftOut)).toBe(
      '4 slices left out, not like the rest of the series: 2 without position or orientation, 1 of another matrix size, ' +
        '1 copying another slice’s image to another position (same SOPInstanceUID)',
    );
  });

  it('keeps its geometry: the series stays sorted by position, not by InstanceNumber', () => {
    const good = intact();
    const [series] = groupSeries([
      ...good,
      { ...(good[2] as SliceMeta), fileName: 'copy', imagePositionPatient: undefined },
    ]);
    expect(series?.slices).toHaveLength(24);
    expect(series?.normal).toBeDefined();
    expect(series?.issues).toEqual([
      '1 slice left out, not like the rest of the series: 1 without position or orientation',
    ]);
  });

  it('sets nothing aside without a clear majority: a series half one way, half the other, stays whole', () => {
    const good = intact().slice(0, 10);
    const other = good.map((s) => ({
      ...s,
      fileName: `${s.fileName}-256`,
      sopInstanceUid: `${s.sopInstanceUid}.9`,
      rows: 256,
    }));
    expect(leaveOutMisfits([...good, ...other]).kept).toHaveLength(20);
  });
});
