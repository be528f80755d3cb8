/**
 * The layout arithmetic of the printable finding, kept apart from the PDF library so it can be
 * tested alone: which text fits a width (measured with the real font, passed in), the chart's
 * scales and ticks, and how numbers and dates read on paper.
 */

/** Width of a string at the size the caller draws it, in the page's units (the font's own metrics). */
export type MeasureText = (text: string) => number;

export const ELLIPSIS = '…';

/**
 * Symbols the app's texts may hold that the standard PDF fonts cannot show (they encode
 * WinAnsi only), spelled in characters they can.
 */
const SPELLED: Readonly<Record<string, string>> = {
  '\u2212': '-',
  '\u2010': '-',
  '\u2011': '-',
  Δ: 'delta ',
  '≥': '>=',
  '≤': '<=',
  '≈': '~',
  '≠': '!=',
  '→': '->',
  '←': '<-',
  '↔': '<->',
  '′': "'",
  '″': '"',
  '\u2009': ' ',
  '\u202f': ' ',
};

/** The code points WinAnsi gives in 0x80–0x9F, where it differs from Latin-1. */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

function isWinAnsi(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(char);
}

/**
 * `text` as one line the standard PDF fonts can encode: they throw on anything outside WinAnsi,
 * and a finding's free texts (series descriptions, model card) come from files the app does not
 * control. Line breaks and tabs become single spaces; what has no spelling becomes "?".
 */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    const spelled = SPELLED[char];
    if (spelled !== undefined) out += spelled;
    else if (/\s/u.test(char)) out += ' ';
    else out += isWinAnsi(char) ? char : '?';
  }
  // A spelled symbol next to a space ("Δ HU") would leave two.
  return out.replace(/ {2,}/gu, ' ');
}

/** `text` if it fits `maxWidth`, else its longest start that fits with an ellipsis after it. */
export function ellipsize(text: string, maxWidth: number, measure: MeasureText): string {
  if (measure(text) <= maxWidth) return text;
  const chars = Array.from(text);
  // Binary search on the kept length: fitting is monotone in it.
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(chars.slice(0, mid).join('').trimEnd() + ELLIPSIS) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  if (lo === 0) return measure(ELLIPSIS) <= maxWidth ? ELLIPSIS : '';
  return chars.slice(0, lo).join('').trimEnd() + ELLIPSIS;
}

/** Splits a word wider than the line into pieces that fit (UIDs, paths: nowhere else to break). */
function breakWord(word: string, maxWidth: number, measure: MeasureText): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const char of word) {
    if (piece !== '' && measure(piece + char) > maxWidth) {
      pieces.push(piece);
      piece = char;
    } else {
      piece += char;
    }
  }
  if (piece !== '') pieces.push(piece);
  return pieces;
}

/**
 * `text` broken into lines no wider than `maxWidth`, at spaces where it can, inside a word where
 * the word alone is too wide. Past `maxLines` the text is cut and the last line ends in an
 * ellipsis, so a long text never pushes the page's later sections off the paper.
 */
export function wrapText(text: string, maxWidth: number, measure: MeasureText, maxLines = Infinity): string[] {
  const words = text.split(/\s+/u).filter((w) => w !== '');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (measure(candidate) <= maxWidth) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line);
    const pieces = measure(word) <= maxWidth ? [word] : breakWord(word, maxWidth, measure);
    lines.push(...pieces.slice(0, -1));
    line = pieces.at(-1) ?? '';
  }
  if (line !== '') lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, Math.max(0, maxLines));
  const last = kept.pop();
  if (last === undefined) return [];
  // The ellipsis is forced on (the line itself fitted): it says the text goes on.
  return [...kept, ellipsize(`${last}${ELLIPSIS}`, maxWidth, measure)];
}

export interface Ticks {
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly values: readonly number[];
}

/** The smallest of 1, 2, 2.5, 5 times a power of ten that is at least `rough`. */
function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  const nice = [1, 2, 2.5, 5, 10].find((f) => fraction <= f * (1 + 1e-12)) ?? 10;
  return nice * power;
}

/**
 * Axis ticks at round numbers whose first is at or below `min` and last at or above `max`, at
 * most `maxCount` of them (at least 2). An empty range is widened so the axis still has extent.
 */
export function niceTicks(min: number, max: number, maxCount = 6): Ticks {
  if (!Number.isFinite(min) || !Number.isFinite(max)) throw new Error(`no ticks for [${min}, ${max}]`);
  if (min > max) [min, max] = [max, min];
  if (min === max) {
    const pad = Math.max(1, Math.abs(min) * 0.1);
    min -= pad;
    max += pad;
  }
  const count = Math.max(2, Math.floor(maxCount));
  let step = niceStep((max - min) / (count - 1));
  let lo = Math.floor(min / step) * step;
  let hi = Math.ceil(max / step) * step;
  // Rounding the ends outwards can add a tick: widen the step until the count fits.
  while (Math.round((hi - lo) / step) + 1 > count) {
    step = niceStep(step * 1.000001);
    lo = Math.floor(min / step) * step;
    hi = Math.ceil(max / step) * step;
  }
  const decimals = Math.max(0, 1 - Math.floor(Math.log10(step)));
  const round = (v: number): number => Number(v.toFixed(decimals)) || 0;
  const n = Math.round((hi - lo) / step);
  const values = Array.from({ length: n + 1 }, (_, i) => round(lo + i * step));
  return { min: round(lo), max: round(hi), step, values };
}

/** The affine map taking `domain` onto `range` (either may run backwards). */
export function linearScale(
  domain: readonly [number, number],
  range: readonly [number, number],
): (value: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  return (value) => (span === 0 ? (r0 + r1) / 2 : r0 + ((value - d0) / span) * (r1 - r0));
}

/** Centres of `count` equal slots across [start, end]: where categorical x values sit. */
export function slotCentres(count: number, start: number, end: number): number[] {
  const width = (end - start) / Math.max(1, count);
  return Array.from({ length: count }, (_, i) => start + width * (i + 0.5));
}

export interface Placement {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** An image of `width`×`height` scaled to fit the box without distortion, centred in it. */
export function fitInBox(width: number, height: number, box: Placement): Placement {
  if (width <= 0 || height <= 0) return { ...box, width: 0, height: 0 };
  const scale = Math.min(box.width / width, box.height / height);
  const w = width * scale;
  const h = height * scale;
  return { x: box.x + (box.width - w) / 2, y: box.y + (box.height - h) / 2, width: w, height: h };
}

/** A probability as a percentage with one decimal ("86.0%"). */
export function formatPercent(p: number): string {
  return `${(Math.round(p * 1000) / 10).toFixed(1)}%`;
}

/** A HU value with one decimal, as the viewer shows them. */
export function formatHu(hu: number): string {
  return (Math.round(hu * 10) / 10).toFixed(1);
}

/** A difference with its sign spelled out, so "+12.0" and "-12.0" never read alike. */
export function formatSignedHu(hu: number): string {
  const text = formatHu(hu);
  return hu > 0 && text !== '0.0' ? `+${text}` : text === '-0.0' ? '0.0' : text;
}

/** An ISO 8601 time as "2026-12-03 09:15:00 UTC"; a string that is no time is shown as it is. */
export function formatTimestamp(iso: string): string {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return iso;
  return `${time.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** A DICOM DA value (YYYYMMDD) as YYYY-MM-DD; anything else as it is. */
export function formatDicomDate(da: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})$/u.exec(da.trim());
  return m === null ? da.trim() : `${m[1] ?? ''}-${m[2] ?? ''}-${m[3] ?? ''}`;
}
