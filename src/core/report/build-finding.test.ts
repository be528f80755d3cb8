import { describe, expect, it } from 'vitest';
import { fakeSlice } from '../dicom/test-dicom';
import { patientMm } from '../geometry';
import { parseManifest } from '../model/manifest';
import { TEST_MANIFEST_JSON } from '../model/test-manifest';
import { circularRoi } from '../roi/roi';
import { buildFinding, type FindingInput } from './build-finding';
import { DISCLAIMER } from './finding';

const manifest = parseManifest({
  ...TEST_MANIFEST_JSON,
  id: 'liver-test',
  metrics: { accuracy: 0.9, testSetSize: 300 },
  training: { data: 'synthetic phantoms', date: '2026-11-27' },
});
const plane = { row: [1, 0, 0], column: [0, 1, 0] } as const;
const roi = circularRoi(patientMm(35, 35, 10), 7);

function input(overrides: Partial<FindingInput> = {}): FindingInput {
  return {
    createdAt: new Date('2026-12-03T09:00:00Z'),
    app: { name: 'Liver Lesion Viewer', version: '0.1.0' },
    studyInstanceUid: '1.1',
    patientStudy: {
      patientName: 'A^B',
      patientId: 'P1',
      patientBirthDate: '',
      patientSex: '',
      studyDate: '',
      studyTime: '',
      studyId: '',
      accessionNumber: '',
      referringPhysicianName: '',
      studyDescription: '',
    },
    lesion: { id: 'L1', label: 'HCC', sourcePhase: 'PV', rois: { PV: { roi, origin: 'drawn' } } },
    phases: [
      {
        phase: 'PV',
        seriesInstanceUid: '1.1.1',
        seriesDescription: 'PV',
        entry: { roi, origin: 'drawn' },
        plane,
        sliceIndex: 4,
        slice: fakeSlice({ z: 10 }),
        lesionHu: { count: 100, mean: 80, sd: 10, min: 50, max: 110 },
        liverHu: { count: 300, median: 110, innerMm: 10.4, outerMm: 20 },
        size: { longMm: 11.5, shortMm: 8, method: 'boundary' },
      },
      {
        phase: 'DL',
        seriesInstanceUid: '1.1.2',
        seriesDescription: 'DL',
        entry: { roi, origin: 'carried' },
        plane,
        sliceIndex: null,
        slice: null,
        lesionHu: null,
        liverHu: null,
        size: null,
      },
    ],
    probabilities: [0.1, 0.1, 0.6, 0.1, 0.1],
    backend: 'wasm',
    inferenceMs: 50,
    manifest,
    ...overrides,
  };
}

describe('building a finding', () => {
  it('carries the ROI in patient mm, its outline on the key image, the HU, the result and the model', () => {
    const finding = buildFinding(input());
    expect(finding.createdAt).toBe('2026-12-03T09:00:00.000Z');
    // The size is the one measured on the phase the lesion was drawn on.
    expect(finding.lesion).toEqual({
      id: 'L1',
      userLabel: 'HCC',
      sourcePhase: 'PV',
      size: { longMm: 11.5, shortMm: 8, method: 'boundary', phase: 'PV' },
    });
    expect(finding.classification).toMatchObject({ predicted: 'HCC', backend: 'wasm', inferenceMs: 50 });
    expect(finding.model).toMatchObject({ id: 'liver-test', version: 'trained 2026-11-27', testAccuracy: 0.9 });
    const [pv, dl] = finding.phases;
    expect(pv?.roi).toMatchObject({ centerMm: [35, 35, 10], halfWidthMm: 7, origin: 'drawn' });
    // 0.7 mm pixels from (0, 0): the centre at pixel 50, the horizontal axis ±10 pixels.
    expect(pv?.keyImage?.outline.points[0]?.[0]).toBeCloseTo(40.5, 6);
    expect(pv?.keyImage?.outline.points[1]?.[0]).toBeCloseTo(60.5, 6);
    expect(pv?.keyImage?.sopInstanceUid).toBe('1.10');
    expect(dl?.keyImage).toBeNull();
    expect(finding.disclaimer).toBe(DISCLAIMER);
    // What is exported is plain JSON: it survives a round trip unchanged.
    expect(JSON.parse(JSON.stringify(finding))).toEqual(finding);
  });

  it('names the frame of a multi-frame key image (from 1), and none for a single-frame one', () => {
    const multiFrame = input();
    const [pv, dl] = multiFrame.phases;
    if (pv === undefined || dl === undefined) throw new Error('two phases expected');
    const frameSeven = buildFinding({
      ...multiFrame,
      phases: [{ ...pv, slice: fakeSlice({ z: 10, numberOfFrames: 40, frame: 6 }) }, dl],
    });
    expect(frameSeven.phases[0]?.keyImage?.frameNumber).toBe(7);
    expect(buildFinding(input()).phases[0]?.keyImage).not.toHaveProperty('frameNumber');
  });

  it('refuses probabilities that do not match the classes', () => {
    expect(() => buildFinding(input({ probabilities: [0.5, 0.5] }))).toThrow(/one probability per class/);
  });
});
