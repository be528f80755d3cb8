import { describe, expect, it } from 'vitest';
import { fakeSlice } from '../dicom/test-dicom';
import type { SliceMeta } from '../dicom/slice-meta';
import { ListingPreview } from './listing-preview';

function folder(name: string, uid: string, count: number, extra: Partial<SliceMeta> = {}) {
  return Array.from({ length: count }, (_, z) => {
    const fileName = `study/${name}/IM${String(z)}.dcm`;
    return {
      name: fileName,
      slice: fakeSlice({ z, fileName, seriesInstanceUid: uid, sopInstanceUid: `${uid}.${String(z)}`, ...extra }),
    };
  });
}

describe('ListingPreview', () => {
  it('gives the first series whose folder is listed, once, when that folder completes', () => {
    const nc = folder('NC', '1.1.1', 3);
    const pv = folder('PV', '1.1.2', 3);
    const preview = new ListingPreview([...nc, ...pv].map((f) => f.name));
    const answers = [pv[0], nc[0], nc[1], pv[1], nc[2], pv[2]].map((f) => f && preview.listed(f.name, [f.slice]));
    expect(answers.map((a) => a?.seriesInstanceUid ?? null)).toEqual([null, null, null, null, '1.1.1', null]);
    expect(answers[4]?.slices).toHaveLength(3);
  });

  it('waits while a listed file elsewhere belongs to the series, and skips what cannot be shown', () => {
    const split = [
      ...folder('A', '1.1.1', 2),
      ...folder('B', '1.1.1', 2).map((f, i) => ({
        ...f,
        name: `study/B/x${String(i)}`,
        slice: {
          ...f.slice,
          sopInstanceUid: `b${String(i)}`,
          imagePositionPatient: fakeSlice({ z: 5 + i }).imagePositionPatient,
        },
      })),
    ];
    const screenshot = folder('SC', '1.1.9', 2, { modality: 'OT' });
    const single = folder('S', '1.1.8', 1);
    const names = [...split, ...screenshot, ...single].map((f) => f.name);
    const preview = new ListingPreview([...names, 'study/notes/readme.txt']);
    const b0 = split[2];
    if (b0 === undefined) throw new Error('no file');
    expect(preview.listed(b0.name, [b0.slice])).toBeNull();
    for (const f of [...screenshot, ...single]) expect(preview.listed(f.name, [f.slice])).toBeNull();
    // Folder A completes, but B (listed in part) holds more of the series.
    for (const f of split.slice(0, 2)) expect(preview.listed(f.name, [f.slice])).toBeNull();
    expect(preview.listed('study/notes/readme.txt', [])).toBeNull();
    const b1 = split[3];
    if (b1 === undefined) throw new Error('no file');
    expect(preview.listed(b1.name, [b1.slice])?.slices).toHaveLength(4);
  });

  it('has no preview for a flat folder until its last file', () => {
    const flat = folder('', '1.1.1', 3).map((f) => ({ ...f, name: f.name.replace('study//', '') }));
    const preview = new ListingPreview(flat.map((f) => f.name));
    expect(flat.map((f) => preview.listed(f.name, [f.slice]) !== null)).toEqual([false, false, true]);
  });
});
