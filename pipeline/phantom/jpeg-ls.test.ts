import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/random';
import { decodeJpegLs } from '../../test-support/jpeg-ls-decode';
import { jpegLsEncoder } from './jpeg-ls';

describe('JPEG-LS frames of the generator', () => {
  it('decode to exactly the stored values, negative ones included, and are smaller than the raw frame', async () => {
    const encode = await jpegLsEncoder();
    const rng = new Rng('jpeg-ls');
    const columns = 96;
    const rows = 64;
    const pixels = new Int16Array(columns * rows);
    // A body on air with noise, and a few values below zero (a stored value of RescaleIntercept 0).
    for (let i = 0; i < pixels.length; i++) {
      const x = (i % columns) - columns / 2;
      const y = Math.floor(i / columns) - rows / 2;
      pixels[i] = x * x + y * y < 900 ? 1060 + Math.round(rng.normal() * 12) : Math.round(-1000 + rng.normal() * 5);
    }
    pixels[0] = -32768;
    pixels[1] = 32767;
    const encoded = encode(pixels, columns, rows);
    const decoded = await decodeJpegLs(encoded);
    expect([decoded.width, decoded.height]).toEqual([columns, rows]);
    expect(Array.from(new Int16Array(decoded.bytes.buffer, 0, columns * rows))).toEqual(Array.from(pixels));
    expect(encoded.byteLength).toBeLessThan(pixels.byteLength / 2);
  });

  it('refuses a frame whose pixel count does not match its size', async () => {
    const encode = await jpegLsEncoder();
    expect(() => encode(new Int16Array(10), 4, 4)).toThrow('a 4×4 frame needs 16 pixels, not 10');
  });
});
