import { describe, expect, it } from 'vitest';
import {
  ELLIPSIS,
  ellipsize,
  fitInBox,
  formatDicomDate,
  formatHu,
  formatPercent,
  formatSignedHu,
  formatTimestamp,
  linearScale,
  niceTicks,
  slotCentres,
  toWinAnsi,
  wrapText,
} from './pdf-layout';

/** One unit per character: widths are easy to reason about. */
const mono = (text: string): number => Array.from(text).length;
/** Proportional: "i" and "l" narrow, "M" and "W" wide, like a real font. */
const proportional = (text: string): number =>
  Array.from(text).reduce((w, c) => w + (/[il.,' ]/u.test(c) ? 0.3 : /[MW]/u.test(c) ? 1.5 : 1), 0);

describe('wrapText', () => {
  it('breaks at spaces and keeps every line within the width', () => {
    const text = 'Research demo, not a medical device, not for clinical use.';
    const lines = wrapText(text, 20, mono);
    expect(lines).toEqual(['Research demo, not a', 'medical device, not', 'for clinical use.']);
    for (const line of lines) expect(mono(line)).toBeLessThanOrEqual(20);
    expect(lines.join(' ')).toBe(text);
  });

  it('uses the measured widths, not character counts', () => {
    const narrow = wrapText('ill ill ill ill', 7.5, proportional);
    const wide = wrapText('MWM MWM MWM MWM', 4.5, proportional);
    expect(narrow).toEqual(['ill ill ill ill']);
    expect(wide).toEqual(['MWM', 'MWM', 'MWM', 'MWM']);
  });

  it('breaks a word wider than the line inside it (a UID has no spaces)', () => {
    const uid = '1.2.826.0.1.3680043.8.498.12345678901234567890';
    const lines = wrapText(`UID ${uid}`, 16, mono);
    for (const line of lines) expect(mono(line)).toBeLessThanOrEqual(16);
    expect(lines.join('')).toBe(`UID${uid}`);
  });

  it('collapses runs of whitespace and gives no lines for an empty text', () => {
    expect(wrapText('  a \n\t b  ', 10, mono)).toEqual(['a b']);
    expect(wrapText('   ', 10, mono)).toEqual([]);
  });

  it('cuts past maxLines with an ellipsis that still fits', () => {
    const lines = wrapText('aaaa bbbb cccc dddd eeee', 9, mono, 2);
    expect(lines).toEqual(['aaaa bbbb', `cccc dddd`.slice(0, 8) + ELLIPSIS]);
    for (const line of lines) expect(mono(line)).toBeLessThanOrEqual(9);
    expect(wrapText('aaaa bbbb cccc', 20, mono, 0)).toEqual([]);
  });

  it('marks the cut even when the last kept line has room', () => {
    expect(wrapText('aa bbbbbbbbbb', 8, mono, 1)).toEqual([`aa${ELLIPSIS}`]);
  });
});

describe('ellipsize', () => {
  it('leaves a text that fits alone', () => {
    expect(ellipsize('PV 2.5mm', 8, mono)).toBe('PV 2.5mm');
  });

  it('cuts to the longest start that fits with the ellipsis, without a dangling space', () => {
    expect(ellipsize('Portal venous 2.5mm', 10, mono)).toBe(`Portal ven${ELLIPSIS}`.slice(0, 9) + ELLIPSIS);
    expect(ellipsize('Portal venous', 8, mono)).toBe(`Portal${ELLIPSIS}`);
    expect(mono(ellipsize('x'.repeat(100), 7, mono))).toBe(7);
  });

  it('gives an ellipsis or nothing where even that does not fit', () => {
    expect(ellipsize('abc', 1, mono)).toBe(ELLIPSIS);
    expect(ellipsize('abc', 0.5, mono)).toBe('');
  });
});

describe('toWinAnsi', () => {
  it('keeps Latin-1 and the WinAnsi punctuation the page uses', () => {
    expect(toWinAnsi('45.0 ± 12.5 – Müller — “ok” · µ €')).toBe('45.0 ± 12.5 – Müller — “ok” · µ €');
  });

  it('spells the symbols the standard fonts lack, and marks the rest', () => {
    expect(toWinAnsi('Δ HU ≥ 20 → PV, lesion − liver')).toBe('delta HU >= 20 -> PV, lesion - liver');
    expect(toWinAnsi('肝 🙂')).toBe('? ?');
  });

  it('makes one line of line breaks and tabs, and composes accents', () => {
    expect(toWinAnsi('a\nb\tc')).toBe('a b c');
    expect(toWinAnsi('a \n  b')).toBe('a b');
    expect(toWinAnsi('Mu\u0308ller')).toBe('Müller');
  });
});

describe('niceTicks', () => {
  it('covers the data with round steps', () => {
    const ticks = niceTicks(32.5, 124.5, 6);
    // Steps of 20 would need 7 ticks (20…140): the next round step is taken.
    expect(ticks.values).toEqual([25, 50, 75, 100, 125]);
    expect(ticks.min).toBeLessThanOrEqual(32.5);
    expect(ticks.max).toBeGreaterThanOrEqual(124.5);
    expect(ticks.values.length).toBeLessThanOrEqual(6);
  });

  it.each([
    [45, 112, 6],
    [-12.3, 7.1, 5],
    [0.02, 0.97, 6],
    [-1000, 3000, 6],
    [88, 88.4, 4],
    [199, 201, 6],
    [-35, -5, 3],
  ])('covers [%d, %d] with at most %d ticks, evenly spaced', (min, max, count) => {
    const { values, step } = niceTicks(min, max, count);
    expect(values.length).toBeGreaterThanOrEqual(2);
    expect(values.length).toBeLessThanOrEqual(count);
    expect(values[0]).toBeLessThanOrEqual(min);
    expect(values.at(-1)).toBeGreaterThanOrEqual(max);
    values.slice(1).forEach((v, i) => {
      expect(v - (values[i] ?? NaN)).toBeCloseTo(step, 9);
    });
    const mantissa = step / 10 ** Math.floor(Math.log10(step));
    expect([1, 2, 2.5, 5]).toContainEqual(Number(mantissa.toFixed(9)));
  });

  it('prints clean decimals (no 0.30000000000000004)', () => {
    const { values } = niceTicks(0.1, 0.7, 8);
    for (const v of values) expect(String(v).length).toBeLessThanOrEqual(4);
  });

  it('widens a single value into a range around it, and accepts reversed bounds', () => {
    const single = niceTicks(70, 70);
    expect(single.min).toBeLessThan(70);
    expect(single.max).toBeGreaterThan(70);
    expect(niceTicks(112, 45)).toEqual(niceTicks(45, 112));
  });

  it('refuses non-finite bounds', () => {
    expect(() => niceTicks(NaN, 1)).toThrow();
    expect(() => niceTicks(0, Infinity)).toThrow();
  });
});

describe('scales and boxes', () => {
  it('maps a domain onto a reversed range (HU up, page y down)', () => {
    const y = linearScale([0, 200], [300, 100]);
    expect(y(0)).toBe(300);
    expect(y(200)).toBe(100);
    expect(y(50)).toBe(250);
    expect(linearScale([5, 5], [0, 10])(5)).toBe(5);
  });

  it('puts categories at the centres of equal slots', () => {
    expect(slotCentres(4, 0, 400)).toEqual([50, 150, 250, 350]);
    expect(slotCentres(1, 0, 100)).toEqual([50]);
    expect(slotCentres(0, 0, 100)).toEqual([]);
  });

  it('fits an image without distortion, centred', () => {
    const box = { x: 10, y: 20, width: 100, height: 100 };
    expect(fitInBox(512, 256, box)).toEqual({ x: 10, y: 45, width: 100, height: 50 });
    expect(fitInBox(300, 600, box)).toEqual({ x: 35, y: 20, width: 50, height: 100 });
    expect(fitInBox(0, 600, box).width).toBe(0);
  });
});

describe('formatting', () => {
  it('formats probabilities, HU and differences', () => {
    expect(formatPercent(0.86)).toBe('86.0%');
    expect(formatPercent(0.01)).toBe('1.0%');
    expect(formatPercent(1)).toBe('100.0%');
    expect(formatHu(112)).toBe('112.0');
    expect(formatHu(-3.25)).toBe('-3.2');
    expect(formatSignedHu(42)).toBe('+42.0');
    expect(formatSignedHu(-22)).toBe('-22.0');
    expect(formatSignedHu(0.01)).toBe('0.0');
    expect(formatSignedHu(-0.01)).toBe('0.0');
  });

  it('formats times and DICOM dates', () => {
    expect(formatTimestamp('2026-12-03T09:15:00.000Z')).toBe('2026-12-03 09:15:00 UTC');
    expect(formatTimestamp('2026-12-03T10:15:00+01:00')).toBe('2026-12-03 09:15:00 UTC');
    expect(formatTimestamp('yesterday')).toBe('yesterday');
    expect(formatDicomDate('20261127')).toBe('2026-11-27');
    expect(formatDicomDate('')).toBe('');
  });
});
