import { describe, expect, it } from 'vitest';
import { patientMm } from '../geometry';
import type { Phase } from '../labels';
import { freshPerLesion } from './fresh-per-lesion';
import { roiSignature, type Lesion } from './lesion';
import { circularRoi } from './roi';

const PHASES: Phase[] = ['NC', 'PV'];

function lesion(id: string, x: number): Lesion {
  const roi = circularRoi(patientMm(x, 0, 0), 10);
  return { id, sourcePhase: 'PV', rois: { NC: { roi, origin: 'drawn' }, PV: { roi, origin: 'drawn' } } };
}

describe('freshPerLesion', () => {
  it("keeps what was read off the ROIs as they are, in the lesions' order; drops or replaces the rest", () => {
    const a = lesion('L1', 0);
    const b = lesion('L2', 50);
    const entries = new Map([
      ['L2', { key: roiSignature(b, PHASES), value: 2 }],
      ['L1', { key: roiSignature(lesion('L1', 3), PHASES), value: 1 }],
      ['gone', { key: 'x', value: 9 }],
    ]);
    expect([...freshPerLesion([a, b], entries, PHASES)]).toEqual([['L2', { key: roiSignature(b, PHASES), value: 2 }]]);
    const withPending = freshPerLesion([a, b], entries, PHASES, () => ({ key: 'pending', value: 0 }));
    expect([...withPending.keys()]).toEqual(['L1', 'L2']);
    expect(withPending.get('L1')).toEqual({ key: 'pending', value: 0 });
  });
});
