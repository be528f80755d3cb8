import { describe, expect, it } from 'vitest';
import { parseAnnotations } from '../annotations';
import { patientMm } from '../geometry';
import { fromAnnotations, lesionAnchors, nextLesionId, roiSignature, toAnnotations, type Lesion } from './lesion';
import { circularRoi } from './roi';

const lesion: Lesion = {
  id: 'L2',
  label: 'HCC',
  sourcePhase: 'PV',
  rois: {
    PV: { roi: { shape: 'ellipse', center: patientMm(10, 20, 30), halfWidthMm: 8, halfHeightMm: 11 }, origin: 'drawn' },
    ART: { roi: circularRoi(patientMm(12, 19, 33), 11), origin: 'aligned', shiftMm: [2, -1, 3], score: 0.8 },
  },
};

describe('lesions', () => {
  it('numbers new lesions with the first free id', () => {
    expect(nextLesionId([])).toBe('L1');
    expect(nextLesionId([{ id: 'L1' }, { id: 'L3' }])).toBe('L2');
  });

  it('anchors scrolling on the lesion centre of each phase that has its ROI', () => {
    const anchors = lesionAnchors(lesion);
    expect(anchors.get('PV')).toEqual([10, 20, 30]);
    expect(anchors.get('ART')).toEqual([12, 19, 33]);
    expect(anchors.has('NC')).toBe(false);
  });

  it('exports the annotation format that parseAnnotations reads, and imports it back', () => {
    const file = toAnnotations('1.2.3', [lesion, { ...lesion, id: 'L3', label: undefined }] as Lesion[]);
    const json: unknown = JSON.parse(JSON.stringify(file));
    const parsed = parseAnnotations(json);
    expect(parsed.lesions).toHaveLength(2);
    expect(parsed.lesions[0]).toEqual({
      id: 'L2',
      label: 'HCC',
      center: [10, 20, 30],
      radiusMm: 11,
      phase: 'PV',
      phaseCenters: { PV: [10, 20, 30], ART: [12, 19, 33] },
    });
    expect('label' in (parsed.lesions[1] ?? {})).toBe(false);
    const back = fromAnnotations(parsed);
    expect(back[0]?.sourcePhase).toBe('PV');
    expect(back[0]?.rois.ART?.roi.center).toEqual([12, 19, 33]);
    expect(back[0]?.rois.PV?.roi.halfWidthMm).toBe(11);
    expect(back[0]?.rois.NC).toBeUndefined();
  });
});

describe('ROI signature', () => {
  it('changes when an ROI on the phases asked about moves, grows or changes shape, and only then', () => {
    const base = roiSignature(lesion, ['NC', 'PV']);
    const pv = lesion.rois.PV;
    if (pv === undefined) throw new Error('no PV ROI');
    const with_ = (roi: typeof pv.roi): Lesion => ({ ...lesion, rois: { ...lesion.rois, PV: { ...pv, roi } } });
    expect(roiSignature(with_({ ...pv.roi, center: patientMm(10, 20, 31) }), ['NC', 'PV'])).not.toBe(base);
    expect(roiSignature(with_({ ...pv.roi, halfWidthMm: 9 }), ['NC', 'PV'])).not.toBe(base);
    expect(roiSignature(with_({ ...pv.roi, shape: 'rectangle' }), ['NC', 'PV'])).not.toBe(base);
    expect(roiSignature({ ...lesion, label: 'FNH' }, ['NC', 'PV'])).toBe(base);
    // A phase not asked about does not count.
    expect(roiSignature(with_({ ...pv.roi, halfWidthMm: 9 }), ['NC'])).toBe(roiSignature(lesion, ['NC']));
  });
});
