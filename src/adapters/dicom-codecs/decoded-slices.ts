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

export interface DecodedSlices {
  /** HU of `slice` (read-only: callers share it). Rejects as the decoder does; a failure is not kept. */
  read(source: FileSource, slice: SliceMeta): Promise<Float32Array>;
  /** Forget everything (a new study replaces the open one). */
  clear(): void;
}

export function decodedSliceCache(decode: SliceDecoder, budgetBytes: number): DecodedSlices {
  // Sources are told apart by identity: two studies opened in turn may both hold "IM0001".
  const ids = new WeakMap<FileSource, number>();
  let nextId = 1;
  const cache = new LruCache<string, Promise<Float32Array>>(budgetBytes);
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
      // The promise is what is kept, so a slice asked for twice at once is decoded once.
      const decoded = source.read().then((bytes) => decode(bytes, slice));
      cache.set(key, decoded, slice.rows * slice.columns * Float32Array.BYTES_PER_ELEMENT);
      void decoded.catch(() => {
        cache.delete(key);
      });
      return decoded;
    },
    clear() {
      cache.clear();
    },
  };
}

/**
 * The page's cache: 192 MiB holds the four phases' slices around a large ROI twice over (about
 * 40 slices of 512² per phase, 1 MiB each as Float32).
 */
export const DECODED_SLICES_BUDGET = 192 * 2 ** 20;
export const decodedSlices: DecodedSlices = decodedSliceCache(decodeSliceHu, DECODED_SLICES_BUDGET);
