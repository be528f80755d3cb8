/**
 * Cornerstone 5.14's JPEG decoder for 12-bit lossy JPEG (JPEG Extended, 1.2.840.10008.1.2.4.51;
 * pdf.js' jpg.js underneath) level-shifts by 2056·(2^P − 1)/255 instead of 2^(P+3) + 8 in
 * `quantizeAndInverse`: at precision 12 every sample comes out 15 (or 16) too high, i.e. +15 HU.
 * Measured against dcmtk's decoder on the same bitstream (decode-slice.node.test.ts): 14–16
 * stored units on every pixel. This undoes the constant part; what is left is a rounding
 * difference of at most one stored unit, like that between any two JPEG decoders, except at the
 * very top of the 12-bit range, which the decoder clips 15 units early (metal, not soft tissue).
 * The node test fails as soon as Cornerstone's output changes, so a fixed release is noticed.
 */

/** The sample precision in a JPEG stream's start-of-frame header (SOF0–SOF3), or null. */
export function jpegPrecision(stream: Uint8Array): number | null {
  let at = 2; // after SOI (FF D8)
  while (at + 4 <= stream.length) {
    if (stream[at] !== 0xff) return null;
    const marker = stream[at + 1] as number;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    const length = ((stream[at + 2] as number) << 8) | (stream[at + 3] as number);
    if (marker >= 0xc0 && marker <= 0xc3) return stream[at + 4] ?? null;
    if (marker === 0xda || marker === 0xd9) return null; // scan data or end before any frame header
    at += 2 + length;
  }
  return null;
}

/** The constant part of the level-shift error at `precision`, in stored units (15 at 12 bits). */
export function levelShiftBias(precision: number): number {
  const used = (2056 * (2 ** precision - 1)) / 255;
  const correct = 2 ** (precision + 3) + 8;
  return Math.floor((used - correct) / 16);
}

/** Removes the bias from samples Cornerstone decoded at `precision`, in place. */
export function correctLevelShift(samples: { [i: number]: number; length: number }, precision: number): void {
  const bias = levelShiftBias(precision);
  if (bias === 0) return;
  for (let i = 0; i < samples.length; i++) samples[i] = Math.max(0, (samples[i] as number) - bias);
}
