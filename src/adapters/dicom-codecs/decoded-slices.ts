/**
 * Decoded HU slices of the open study, kept so that aligning the phases, cutting the model's
 * crops and reading the phase HU decode each slice once: they read largely the same slices around
 * one ROI, one after the other. Bounded by bytes; the least recently used slices go first.
 */
import type { SliceDecoder } from '../../core/dicom/pixels';
import type { SliceMeta } from '../../core/dicom/slice';
import { LruCache } from '../../core/lru-cache';
import type { FileSource } from '../../core/study/read-study';
import { decodeSliceHu } from './decode-slice';

/**
 * HU of a slice, row-major: in 16 bits when every value is a whole number that fits (CT's usual
 * rescale, slope 1 and a whole intercept), which halves what the cache holds; else as decoded.
 */
export type HuSlice = Int16Array | Float32Array;

/** The same values, in 16 bits where that loses nothing. */
export function compactHu(hu: Float32Array): HuSlice {
  for (let p = 0; p < hu.length; p++) {
    const v = hu[p] as number;
    if (!Number.isInteger(v) || v < -32768 || v > 32767) return hu;
  }
  return Int16Array.from(hu);
}

export interface DecodedSlices {
  /** HU of `slice` (read-only: callers share it). Rejects as the decoder does; a failure is not kept. */
  read(source: FileSource, slice: SliceMeta): Promise<HuSlice>;
  /** Forget everything (a new study replaces the open one). */
  clear(): void;
}

export function decodedSliceCache(decode: SliceDecoder, budgetBytes: number): DecodedSlices {
  // Sources are told apart by identity: two studies opened in turn may both hold "IM0001".
  const ids = new WeakMap<FileSource, number>();
  let nextId = 1;
  const cache = new LruCache<string, Promise<HuSlice>>(budgetBytes);
  return {
    read(source, slice) {
      let id = ids.get(source);
      if (id === undefined) {
        id = nextId++;
        ids.set(source, id);
      }
      const key = `${String(id)}/${String(slice.frame)}`;
      const held = cache.get(key);
      if (held !== undefined) return held;
      // The promise is what is kept, so a slice asked for twice at once is decoded once. It is
      // counted as 16-bit HU, CT's usual case, and again at its size if it turns out larger.
      const decoded = source.read().then(async (bytes) => compactHu(await decode(bytes, slice)));
      const expected = slice.rows * slice.columns * Int16Array.BYTES_PER_ELEMENT;
      cache.set(key, decoded, expected);
      void decoded.then(
        (hu) => {
          if (hu.byteLength !== expected && cache.get(key) === decoded) cache.set(key, decoded, hu.byteLength);
        },
        () => {
          cache.delete(key);
        },
      );
      return decoded;
    },
    clear() {
      cache.clear();
    },
  };
}

/**
 * The page's cache: 96 MiB holds the four phases' slices around a large ROI twice over (about
 * 40 slices of 512² per phase, 0.5 MiB each in 16 bits).
 */
export const DECODED_SLICES_BUDGET = 96 * 2 ** 20;
export const decodedSlices: DecodedSlices = decodedSliceCache(decodeSliceHu, DECODED_SLICES_BUDGET);
