import { describe, expect, it } from 'vitest';
import { labelAgreement } from './label-agreement';

describe('agreement with the labels', () => {
  const classes = ['CYST', 'HCC'] as const;
  it('counts classified, labelled lesions only', () => {
    const results = new Map([
      ['a', { state: 'done', probabilities: [0.9, 0.1] }],
      ['b', { state: 'done', probabilities: [0.3, 0.7] }],
      ['c', { state: 'running' }],
      ['d', { state: 'done', probabilities: [0.2, 0.8] }],
    ]);
    const lesions = [
      { id: 'a', label: 'CYST' as const },
      { id: 'b', label: 'CYST' as const },
      { id: 'c', label: 'HCC' as const },
      { id: 'd' },
    ];
    expect(labelAgreement(lesions, results, classes)).toEqual({ right: 1, total: 2 });
    expect(labelAgreement([{ id: 'd' }], results, classes)).toBeNull();
  });
});
