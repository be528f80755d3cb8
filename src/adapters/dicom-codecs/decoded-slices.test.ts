import { describe, expect, it } from 'vitest';
import type { SliceDecoder } from '../../core/dicom/pixels';
import type { SliceMeta } from '../../core/dicom/slice';
import type { FileSource } from '../../core/study/read-study';
import { compactHu, decodedSliceCache } from './decoded-slices';

const slice = (frame: number): SliceMeta => ({ rows: 2, columns: 2, frame }) as unknown as SliceMeta;
const source = (name: string): FileSource => ({ name, read: () => Promise.resolve(new Uint8Array([1])) });

function countingDecoder(fail = false): { decode: SliceDecoder; calls: () => number } {
  let calls = 0;
  return {
    decode: (_bytes, meta) => {
      calls++;
      return fail ? Promise.reject(new Error('broken')) : Promise.resolve(new Float32Array(4).fill(meta.frame));
    },
    calls: () => calls,
  };
}

describe('decodedSliceCache', () => {
  it('decodes each frame of a source once, even when asked for twice at the same time', async () => {
    const { decode, calls } = countingDecoder();
    const cache = decodedSliceCache(decode, 1024);
    const file = source('IM0001');
    const [a, b] = await Promise.all([cache.read(file, slice(0)), cache.read(file, slice(0))]);
    expect(a).toBe(b);
    expect(Array.from(await cache.read(file, slice(1)))).toEqual([1, 1, 1, 1]);
    expect(calls()).toBe(2);
  });

  it('tells two sources with the same name apart', async () => {
    const { decode, calls } = countingDecoder();
    const cache = decodedSliceCache(decode, 1024);
    await cache.read(source('IM0001'), slice(0));
    await cache.read(source('IM0001'), slice(0));
    expect(calls()).toBe(2);
  });

  it('decodes again after the budget evicted a slice, and after clear', async () => {
    const { decode, calls } = countingDecoder();
    const cache = decodedSliceCache(decode, 16); // two 2 × 2 slices of 16-bit HU
    const file = source('IM0001');
    await cache.read(file, slice(0));
    await cache.read(file, slice(1));
    await cache.read(file, slice(2));
    await cache.read(file, slice(0));
    expect(calls()).toBe(4);
    cache.clear();
    await cache.read(file, slice(0));
    expect(calls()).toBe(5);
  });

  it('does not keep a failed decode', async () => {
    const { decode, calls } = countingDecoder(true);
    const cache = decodedSliceCache(decode, 1024);
    const file = source('IM0001');
    await expect(cache.read(file, slice(0))).rejects.toThrow('broken');
    await expect(cache.read(file, slice(0))).rejects.toThrow('broken');
    expect(calls()).toBe(2);
  });

  it('keeps whole HU in 16 bits, counted as such, and anything else as decoded', async () => {
    const whole = new Float32Array([-1024, 0, 40, 3071]);
    const compact = compactHu(whole);
    expect(compact).toBeInstanceOf(Int16Array);
    expect(Array.from(compact)).toEqual(Array.from(whole));
    for (const kept of [
      new Float32Array([0.5, 1, 2, 3]),
      new Float32Array([40000, 0, 0, 0]),
      new Float32Array([NaN, 0, 0, 0]),
    ])
      expect(compactHu(kept)).toBe(kept);

    // Four 2 × 2 slices of whole HU take 8 bytes each: a 32-byte budget keeps all four.
    const { decode, calls } = countingDecoder();
    const cache = decodedSliceCache(decode, 32);
    const file = source('IM0001');
    for (const frame of [0, 1, 2, 3]) expect(await cache.read(file, slice(frame))).toBeInstanceOf(Int16Array);
    for (const frame of [0, 1, 2, 3]) await cache.read(file, slice(frame));
    expect(calls()).toBe(4);

    // HU that need 32 bits are counted at 16 bytes once decoded: a 16-byte budget keeps one.
    let fractionalCalls = 0;
    const fractional = decodedSliceCache(() => {
      fractionalCalls++;
      return Promise.resolve(new Float32Array(4).fill(0.5));
    }, 16);
    await fractional.read(file, slice(0));
    await fractional.read(file, slice(1));
    await fractional.read(file, slice(0));
    expect(fractionalCalls).toBe(3);
  });
});
