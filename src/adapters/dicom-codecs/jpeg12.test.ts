import { describe, expect, it } from 'vitest';
import { correctLevelShift, jpegPrecision, levelShiftBias } from './jpeg12';

/** SOI, an APP0 segment to skip, then a start-of-frame header with the given marker and precision. */
function jpegHeader(sof: number, precision: number): Uint8Array {
  // prettier-ignore
  return Uint8Array.from([
    0xff, 0xd8, // SOI
    0xff, 0xe0, 0x00, 0x04, 0x4a, 0x46, // APP0, 2 bytes of payload
    0xff, sof, 0x00, 0x0b, precision, 0x01, 0x00, 0x01, 0x00, 0x01, 0x01, 0x11, 0x00, // SOFn
  ]);
}

describe('12-bit JPEG level shift', () => {
  it('reads the precision from the frame header, past other segments', () => {
    expect(jpegPrecision(jpegHeader(0xc1, 12))).toBe(12);
    expect(jpegPrecision(jpegHeader(0xc0, 8))).toBe(8);
    expect(jpegPrecision(Uint8Array.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x02]))).toBeNull();
    expect(jpegPrecision(Uint8Array.from([1, 2, 3]))).toBeNull();
  });

  it('is 15 stored units at 12 bits and none at 8 (the decoder is right for 8-bit JPEG)', () => {
    expect(levelShiftBias(12)).toBe(15);
    expect(levelShiftBias(8)).toBe(0);
  });

  it('subtracts the bias, never below zero', () => {
    const samples = Uint16Array.from([0, 10, 15, 1039, 4095]);
    correctLevelShift(samples, 12);
    expect(Array.from(samples)).toEqual([0, 0, 0, 1024, 4080]);
    const eight = Uint8Array.from([0, 200]);
    correctLevelShift(eight, 8);
    expect(Array.from(eight)).toEqual([0, 200]);
  });
});
