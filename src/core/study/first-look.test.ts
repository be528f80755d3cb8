import { describe, expect, it } from 'vitest';
import { firstLookName } from './first-look';

describe('firstLookName', () => {
  it('takes the middle file of the first folder, counting numbers in names as numbers', () => {
    const names = ['CT/PV/IM1', 'CT/PV/IM10', 'CT/PV/IM2', 'CT/PV/IM3', 'CT/PV/IM9', 'CT/ART/IM1'];
    // By number: IM1 IM2 IM3 IM9 IM10; as plain text IM10 would sort second and IM2 be the middle.
    expect(firstLookName(names)).toBe('CT/PV/IM3');
  });

  it('passes over notes and hidden files, and folders holding nothing else', () => {
    const names = ['study/README.txt', 'study/notes/a.json', 'study/.DS_Store', 'study/NC/1-2.dcm', 'study/NC/1-1.dcm'];
    expect(firstLookName(names)).toBe('study/NC/1-1.dcm');
  });

  it('looks only in the first folder, and works for files with no folder', () => {
    expect(firstLookName(['a/1', 'b/1', 'b/2', 'b/3'])).toBe('a/1');
    expect(firstLookName(['3.dcm', '1.dcm', '2.dcm'])).toBe('2.dcm');
  });

  it('has nothing to show when there is no image file', () => {
    expect(firstLookName([])).toBeNull();
    expect(firstLookName(['annotations.json', '.hidden'])).toBeNull();
  });
});
