import { describe, expect, it } from 'vitest';
import type { SliceDecoder } from '../../core/dicom/pixels';
import type { SliceMeta } from '../../core/dicom/slice';
import type { FileSource } from '../../core/study/read-study';
import { decodedSliceCache } from './decoded-slices';

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
    expect(await cache.read(file, slice(1))).toEqual(new Float32Array(4).fill(1));
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
    const cache = decodedSliceCache(decode, 32); // two 2 × 2 Float32 slices
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
});
