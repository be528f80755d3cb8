import { describe, expect, it } from 'vitest';
import { studyMatches } from './dataset-subset';
import { parseFamilyRules } from './phantom/families';

const late = 'arterial=late,enhancement=standard,noise=smooth,parenchyma=uniform,outline=irregular';
const early = 'arterial=early,enhancement=strong,noise=fine,parenchyma=uniform,outline=regular';

describe('studyMatches', () => {
  it('keeps studies rendered with the kept family and drops those with the excluded one', () => {
    expect(studyMatches(late, parseFamilyRules('arterial!=early'))).toBe(true);
    expect(studyMatches(early, parseFamilyRules('arterial!=early'))).toBe(false);
    expect(studyMatches(early, parseFamilyRules('arterial=early,noise=fine'))).toBe(true);
    expect(studyMatches(late, parseFamilyRules('arterial=early'))).toBe(false);
  });

  it('matches no rule for a study without families (real CT, specification phantoms)', () => {
    expect(studyMatches(undefined, parseFamilyRules('arterial!=early'))).toBe(false);
    expect(studyMatches(undefined, [])).toBe(false);
  });
});
