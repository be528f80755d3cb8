import { describe, expect, it } from 'vitest';
import { parseAnnotations } from './annotations';

const valid = {
  studyInstanceUid: '2.25.1',
  lesions: [
    { id: 'L1', label: 'HCC', center: [1, 2, 3], radiusMm: 14.5, phase: 'PV' },
    { id: 'L2', center: [4, 5, 6], radiusMm: 3, phase: 'ART', phaseCenters: { NC: [4, 5, 7] } },
  ],
};

describe('parseAnnotations', () => {
  it('accepts the docs/architecture.md format, with and without labels', () => {
    const parsed = parseAnnotations(valid);
    expect(parsed.lesions).toHaveLength(2);
    expect(parsed.lesions[0]?.label).toBe('HCC');
    expect(parsed.lesions[1]?.label).toBeUndefined();
    expect(parsed.lesions[1]?.phaseCenters?.NC).toEqual([4, 5, 7]);
  });

  it.each([
    [null, 'expected a JSON object'],
    [{ lesions: [] }, 'studyInstanceUid'],
    [{ studyInstanceUid: 'x', lesions: {} }, '"lesions" must be an array'],
    [{ ...valid, lesions: [{ ...valid.lesions[0], label: 'TUMOUR' }] }, 'must be one of CYST'],
    [{ ...valid, lesions: [{ ...valid.lesions[0], center: [1, 2] }] }, 'three finite numbers'],
    [{ ...valid, lesions: [{ ...valid.lesions[0], radiusMm: -1 }] }, 'radiusMm'],
    [{ ...valid, lesions: [{ ...valid.lesions[0], phase: 'XX' }] }, '"phase"'],
    [{ ...valid, lesions: [valid.lesions[0], valid.lesions[0]] }, 'duplicate id'],
  ])('rejects %j with a message naming the problem', (input, message) => {
    expect(() => parseAnnotations(input)).toThrow(message);
  });
});
