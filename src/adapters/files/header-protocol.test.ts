import { describe, expect, it } from 'vitest';
import { parseSliceMeta } from '../../core/dicom/slice-meta';
import { buildDicom } from '../../core/dicom/test-dicom';
import { EXPLICIT_LITTLE_ENDIAN } from '../../core/dicom/transfer-syntax';
import { FILES_PER_REPLY, readHeaders, type HeaderReply } from './header-protocol';

describe('readHeaders (the header worker)', () => {
  it('answers each file from its head, in parts and in order; null where a file cannot be read', async () => {
    const size = 64;
    const image = {
      rows: size,
      columns: size,
      bitsAllocated: 16,
      bitsStored: 16,
      pixelRepresentation: 1,
      frames: [Array.from({ length: size * size }, (_, i) => i % 2000)],
    } as const;
    const bytes = buildDicom(image, EXPLICIT_LITTLE_ENDIAN);
    const unreadable = new Blob([new Uint8Array(bytes)]);
    // A file that went away after it was listed: its read fails.
    Object.defineProperty(unreadable, 'slice', {
      value: () => ({ arrayBuffer: () => Promise.reject(new Error('NotReadableError')) }),
    });
    const files = Array.from({ length: FILES_PER_REPLY + 3 }, (_, i) => ({
      name: `IM${String(i)}`,
      file: i === 5 ? unreadable : new Blob([new Uint8Array(bytes)]),
    }));
    const replies: HeaderReply[] = [];
    await readHeaders({ id: 7, files, headerBytes: 4096 }, (part) => replies.push(part));
    expect(replies.map((r) => [r.id, r.start, r.parsed.length])).toEqual([
      [7, 0, FILES_PER_REPLY],
      [7, FILES_PER_REPLY, 3],
    ]);
    const parsed = replies.flatMap((r) => r.parsed);
    expect(parsed[5]).toBeNull();
    expect(bytes.length).toBeGreaterThan(4096);
    expect(parsed[7]).toEqual(parseSliceMeta('IM7', bytes));
  });

  it('stops at the next part once its request is cancelled', async () => {
    const files = Array.from({ length: 3 * FILES_PER_REPLY }, (_, i) => ({
      name: `IM${String(i)}`,
      file: new Blob([new Uint8Array(16)]),
    }));
    const replies: HeaderReply[] = [];
    await readHeaders(
      { id: 1, files, headerBytes: 16 },
      (part) => replies.push(part),
      () => replies.length >= 1,
    );
    expect(replies.map((r) => r.start)).toEqual([0]);
  });
});
