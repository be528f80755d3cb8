/**
 * Damaged copies of DICOM files, for the tests of bad input (pipeline/bad-input.test.ts and the
 * e2e fixtures): shared here so that neither imports the other.
 */
import { parseSliceMeta } from '../src/core/dicom/slice-meta';
import { Rng } from '../src/core/random';

export interface SampleFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/**
 * Damaged copies of some of `originals`, seeded: every other one cut short at a random length,
 * the rest with four header bits flipped at random (pixels untouched), as a careless copy or a
 * failing disk leaves them among good files.
 */
export function damagedCopies(originals: readonly SampleFile[], seed: string, count: number): SampleFile[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, (_, n) => {
    const original = rng.pick(originals);
    const bytes = new Uint8Array(original.bytes);
    if (n % 2 === 0)
      return { name: `copies/cut-${String(n)}.dcm`, bytes: bytes.subarray(0, rng.int(200, bytes.length - 1)) };
    const parsed = parseSliceMeta(original.name, original.bytes);
    if (parsed.kind !== 'slice') throw new Error(`${original.name}: ${parsed.reason}`);
    const headerEnd = parsed.slice.pixelData.offset - 12;
    for (let k = 0; k < 4; k++) {
      const at = rng.int(132, headerEnd - 1);
      bytes[at] = (bytes[at] as number) ^ (1 << rng.int(0, 7));
    }
    return { name: `copies/flipped-${String(n)}.dcm`, bytes };
  });
}
