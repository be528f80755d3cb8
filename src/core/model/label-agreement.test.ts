import { describe, expect, it } from 'vitest';
import { labelAgreement } from './label-agreement';
import type { Answer } from './reading';

const named = (predicted: 'CYST' | 'HCC'): { answer: Answer } => ({ answer: { kind: 'lesion', predicted } });

describe('agreement with the labels', () => {
  it('counts answered, labelled lesions only; "none" does not agree', () => {
    const results = new Map<string, { state: string; reading?: { answer: Answer } }>([
      ['a', { state: 'done', reading: named('CYST') }],
      ['b', { state: 'done', reading: named('HCC') }],
      ['c', { state: 'running' }],
      ['d', { state: 'done', reading: named('HCC') }],
      ['e', { state: 'done', reading: { answer: { kind: 'none', reason: 'uncertain', top: ['HCC', 'FNH'] } } }],
    ]);
    const lesions = [
      { id: 'a', label: 'CYST' as const },
      { id: 'b', label: 'CYST' as const },
      { id: 'c', label: 'HCC' as const },
      { id: 'd' },
      { id: 'e', label: 'HCC' as const },
    ];
    expect(labelAgreement(lesions, results)).toEqual({ right: 1, total: 3 });
    expect(labelAgreement([{ id: 'd' }], results)).toBeNull();
  });
});
