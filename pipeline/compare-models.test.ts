import { describe, expect, it } from 'vitest';
import { parseSets } from './compare-models';

describe('parseSets', () => {
  it('reads named datasets with an optional split', () => {
    expect(parseSets('test=data/d:test, external=data/e')).toEqual([
      { name: 'test', dir: 'data/d', split: 'test' },
      { name: 'external', dir: 'data/e', split: null },
    ]);
  });

  it('says what a set looks like when one is malformed', () => {
    expect(() => parseSets('data/d')).toThrow(/NAME=DATASET/);
  });
});
