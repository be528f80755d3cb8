import { describe, expect, it } from 'vitest';
import { readPatientStudy } from './patient-study';
import { buildDicom } from './test-dicom';

const EXPLICIT_LITTLE = '1.2.840.10008.1.2.1';
const image = {
  rows: 2,
  columns: 2,
  bitsAllocated: 16,
  bitsStored: 16,
  pixelRepresentation: 1,
  frames: [[0, 1, 2, 3]],
} as const;

describe('patient and study of a source image', () => {
  it('copies what the file holds and leaves the rest empty', () => {
    const bytes = buildDicom(image, EXPLICIT_LITTLE, undefined, [
      { tag: [0x0010, 0x0010], vr: 'PN', value: 'DOE^JANE' },
      { tag: [0x0010, 0x0020], vr: 'LO', value: 'ID-42' },
      { tag: [0x0008, 0x0020], vr: 'DA', value: '20261127' },
      { tag: [0x0008, 0x1030], vr: 'LO', value: 'LIVER 4 PHASE' },
    ]);
    expect(readPatientStudy(bytes)).toMatchObject({
      patientName: 'DOE^JANE',
      patientId: 'ID-42',
      studyDate: '20261127',
      studyDescription: 'LIVER 4 PHASE',
      accessionNumber: '',
      patientSex: '',
    });
  });

  it('gives empty values for a file it cannot parse, rather than failing the export', () => {
    const empty = readPatientStudy(new Uint8Array([1, 2, 3]));
    expect(Object.values(empty).every((v) => v === '')).toBe(true);
    expect(Object.keys(empty)).toHaveLength(10);
  });
});
