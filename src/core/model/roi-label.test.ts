import { describe, expect, it } from 'vitest';
import type { Answer } from './reading';
import { roiLabels } from './roi-label';

describe('roiLabels', () => {
  const answers = new Map<string, Answer>([
    ['L1', { kind: 'lesion', predicted: 'HCC' }],
    ['L2', { kind: 'none', reason: 'no-lesion', top: ['no focal lesion', 'CYST'] }],
    ['L3', { kind: 'none', reason: 'uncertain', top: ['HCC', 'METS'] }],
    ['L4', { kind: 'none', reason: 'out-of-distribution', top: ['CYST', 'FNH'] }],
  ]);

  it('names each lesion, with its answer once there is one', () => {
    const labels = roiLabels(['L1', 'L2', 'L3', 'L4', 'L5'], answers, null);
    expect([...labels.values()].map((l) => l.text)).toEqual([
      'L1 · HCC',
      'L2 · no lesion',
      'L3 · uncertain',
      'L4 · outside training',
      'L5',
    ]);
  });

  it('marks only the selected lesion', () => {
    const labels = roiLabels(['L1', 'L2'], answers, 'L2');
    expect(labels.get('L1')?.selected).toBe(false);
    expect(labels.get('L2')?.selected).toBe(true);
    expect([...roiLabels(['L1'], answers, null).values()].some((l) => l.selected)).toBe(false);
  });
});
