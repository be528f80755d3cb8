/**
 * Listing a folder from the files' header bytes: where a source can read part of a file (a
 * browser File), an intact uncompressed slice is listed from its first bytes without reading its
 * pixels, and the listing is the one the whole files give. Compressed, deflated, truncated or
 * padded files are read whole, so they are judged exactly as before.
 */
import { describe, expect, it } from 'vitest';
import type { ParsedFile } from '../src/core/dicom/slice-meta';
import { parseSliceHeader } from '../src/core/dicom/slice-meta';
import type { FileSource, ReadHeaders } from '../src/core/study/read-study';
import { readStudy } from '../src/core/study/read-study';
import { convert, phantomFiles, sources, type SampleFile } from './dicom-samples';

/** Sources that count whole reads and header reads. */
function counted(files: readonly SampleFile[]) {
  const whole = new Set<string>();
  let heads = 0;
  const list: FileSource[] = files.map(({ name, bytes }) => ({
    name,
    size: bytes.length,
    read: () => {
      whole.add(name);
      return Promise.resolve(bytes);
    },
    readHead: (n: number) => {
      heads++;
      return Promise.resolve(bytes.slice(0, n));
    },
  }));
  return { list, whole, heads: () => heads };
}

describe('listing from header bytes', () => {
  it('lists the same study as whole files, reading whole only the files that need it', async () => {
    const { files } = phantomFiles('header-read', ['NC', 'PV'], { size: 256, slices: 4 });
    const first = files[0] as SampleFile;
    const intact = files.slice(1);
    const odd: SampleFile[] = [
      { name: 'rle.dcm', bytes: convert('dcmcrle', [], first.bytes) },
      { name: 'truncated.dcm', bytes: first.bytes.slice(0, first.bytes.length - 100) },
      { name: 'padded.dcm', bytes: Uint8Array.from([...first.bytes, 0xfc, 0xff, 0xfc, 0xff, 0, 0, 0, 0]) },
      { name: 'notes.bin', bytes: new TextEncoder().encode('not a DICOM file at all') },
    ];
    const all = [...intact, ...odd];
    const { list, whole, heads } = counted(all);
    const fromHeaders = await readStudy(list);
    const fromFiles = await readStudy(sources(all));
    const listing = (read: Awaited<ReturnType<typeof readStudy>>) => ({
      series: read.series.map((s) => ({ key: s.series.key, slices: s.series.slices, phase: s.assignment.phase })),
      skipped: read.skipped,
    });
    expect(listing(fromHeaders)).toEqual(listing(fromFiles));
    expect(fromHeaders.skipped.map((s) => s.fileName)).toEqual(['truncated.dcm', 'notes.bin']);
    expect(heads()).toBe(all.length);
    // Compressed pixels and bytes after the pixels are for the whole-file parser; a truncated
    // uncompressed file is told by its size.
    expect(all.filter((f) => f.bytes.length <= 16 * 1024).map((f) => f.name)).toEqual(['notes.bin']);
    expect(['rle.dcm', 'padded.dcm', 'truncated.dcm'].map((name) => whole.has(name))).toEqual([true, true, false]);
    // Whole reads of intact slices: only those decoded for the phase cues (the middle ones).
    const content = new Set(fromFiles.series.flatMap((s) => s.series.slices.slice(1, 3).map((x) => x.fileName)));
    const listedWhole = intact.filter((f) => whole.has(f.name) && !content.has(f.name)).map((f) => f.name);
    expect(listedWhole).toEqual([]);
  });

  it('lists the same study when the headers are read elsewhere (the page: in workers), or when that fails', async () => {
    const { files } = phantomFiles('header-elsewhere', ['NC', 'PV'], { size: 128, slices: 60 });
    const first = files[0] as SampleFile;
    const all: SampleFile[] = [
      ...files,
      { name: 'rle.dcm', bytes: convert('dcmcrle', [], first.bytes) },
      { name: 'truncated.dcm', bytes: first.bytes.slice(0, first.bytes.length - 100) },
      { name: 'padded.dcm', bytes: Uint8Array.from([...first.bytes, 0xfc, 0xff, 0xfc, 0xff, 0, 0, 0, 0]) },
      { name: 'notes.txt', bytes: new TextEncoder().encode('a note') },
    ];
    const bytesOf = new Map(all.map((f) => [f.name, f.bytes]));
    const asked: string[] = [];
    const parts: number[] = [];
    // As the page's workers answer: in parts, each file from its head (header-protocol.ts).
    const elsewhere: ReadHeaders = (list, headerBytes, onRead) => {
      asked.push(...list.map((s) => s.name));
      const parsed: (ParsedFile | null)[] = [];
      for (let start = 0; start < list.length; start += 50) {
        const part = list.slice(start, start + 50).map((s) => {
          const bytes = bytesOf.get(s.name) as Uint8Array;
          return parseSliceHeader(s.name, bytes.slice(0, headerBytes), bytes.length);
        });
        part.forEach((p, i) => {
          onRead(start + i, p);
        });
        parsed.push(...part);
        parts.push(part.length);
      }
      return Promise.resolve(parsed);
    };
    const failing: ReadHeaders = () => Promise.reject(new Error('no workers here'));
    // A listing cancelled for a newer folder ends the read: nothing is read here instead.
    const cancelled: ReadHeaders = () => Promise.reject(new DOMException('a newer folder', 'AbortError'));
    const untouched = counted(all);
    await expect(readStudy(untouched.list, undefined, { readHeaders: cancelled })).rejects.toThrow('a newer folder');
    expect(untouched.heads() + untouched.whole.size).toBe(0);
    const progress: [number, number][] = [];
    const reads = counted(all);
    const listed: string[] = [];
    const viaElsewhere = await readStudy(reads.list, (done, total) => progress.push([done, total]), {
      readHeaders: elsewhere,
      onListed: (source) => listed.push(source.name),
    });
    // Every file is heard of once its header is known, the one read whole too.
    expect([...listed].sort()).toEqual(all.map((f) => f.name).sort());
    // Read elsewhere means not read here, but for the file the head could not tell about.
    expect(reads.heads()).toBe(0);
    expect([...reads.whole].filter((name) => !name.includes('/'))).toEqual(['padded.dcm']);
    const viaFailure = await readStudy(counted(all).list, undefined, { readHeaders: failing });
    const here = await readStudy(counted(all).list);
    const listing = (read: Awaited<ReturnType<typeof readStudy>>) => ({
      series: read.series.map((s) => ({ key: s.series.key, slices: s.series.slices, phase: s.assignment.phase })),
      skipped: read.skipped,
    });
    expect(listing(viaElsewhere)).toEqual(listing(here));
    expect(listing(viaFailure)).toEqual(listing(here));
    expect(here.series.map((s) => s.series.slices.length)).toEqual([60, 60]);
    expect(here.skipped.map((s) => s.fileName)).toEqual(['truncated.dcm', 'notes.txt']);
    // Sidecar files never leave the page; the page reads whole only what a head could not tell.
    expect(asked).toEqual(all.filter((f) => f.name !== 'notes.txt').map((f) => f.name));
    expect(parts).toEqual([50, 50, 23]);
    expect(progress.at(-1)).toEqual([all.length, all.length]);
    expect(progress.filter(([done]) => done === all.length)).toHaveLength(1);
  });
});
