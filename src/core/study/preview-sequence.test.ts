import { describe, expect, it } from 'vitest';
import { PreviewSequence } from './preview-sequence';

describe('PreviewSequence', () => {
  it('shows the first look, then the first whole series in its place', () => {
    const previews = new PreviewSequence<string>();
    expect(previews.shown).toBeUndefined();
    expect(previews.offerFirstLook('look')).toBe(true);
    expect(previews.shown).toBe('look');
    expect(previews.offerSeries('series')).toBe(true);
    expect(previews.shown).toBe('series');
  });

  it('keeps the series when the first look answers after it', () => {
    const previews = new PreviewSequence<string>();
    previews.offerSeries('series');
    expect(previews.offerFirstLook('look')).toBe(false);
    expect(previews.shown).toBe('series');
  });

  it('shows nothing new once the listing is over, so a late first look cannot bring the reading back', () => {
    const previews = new PreviewSequence<string>();
    previews.end();
    expect(previews.offerFirstLook('look')).toBe(false);
    expect(previews.offerSeries('series')).toBe(false);
    expect(previews.shown).toBeUndefined();
  });
});
