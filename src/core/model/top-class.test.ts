import { describe, expect, it } from 'vitest';
import { topClass } from './top-class';

describe('topClass', () => {
  it('names the most probable class, the first on a tie, nothing without probabilities', () => {
    expect(topClass([0.1, 0.7, 0.2], ['CYST', 'FNH', 'HCC'])).toBe('FNH');
    expect(topClass([0.4, 0.2, 0.4], ['CYST', 'FNH', 'HCC'])).toBe('CYST');
    expect(topClass([], ['CYST'])).toBeUndefined();
  });
});
