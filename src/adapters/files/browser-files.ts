/**
 * Files the user opens (folder picker, drag and drop) or the bundled demo, as `FileSource`s for
 * src/core. Everything is read locally with the File API; nothing is uploaded.
 */
import type { FileSource } from '../../core/study/read-study';

export interface BrowserFileSource extends FileSource {
  readonly file: File;
  /** What the viewer's loader reads instead of `file`, where it cannot read `file` itself (dicom-codecs/viewer-files.ts). */
  readonly viewerFile?: Blob;
}

function source(file: File, name: string): BrowserFileSource {
  return {
    name,
    file,
    // Asked only when read: each File.size waits on the browser's file system.
    get size() {
      return file.size;
    },
    read: async () => new Uint8Array(await file.arrayBuffer()),
    readHead: async (bytes) => new Uint8Array(await file.slice(0, bytes).arrayBuffer()),
  };
}

/** Names unique within one open, so two `IM0001` in different folders stay two files. */
function uniqueSources(entries: readonly { file: File; path: string }[]): BrowserFileSource[] {
  const seen = new Map<string, number>();
  return entries.map(({ file, path }) => {
    const n = seen.get(path) ?? 0;
    seen.set(path, n + 1);
    return source(file, n === 0 ? path : `${path}#${String(n + 1)}`);
  });
}

export function sourcesFromFileList(files: FileList | readonly File[]): BrowserFileSource[] {
  return uniqueSources(
    Array.from(files, (file) => ({ file, path: file.webkitRelativePath !== '' ? file.webkitRelativePath : file.name })),
  );
}

/** Files and folders dropped on the page, folders walked recursively. */
export async function sourcesFromDrop(transfer: DataTransfer): Promise<BrowserFileSource[]> {
  const entries = Array.from(transfer.items)
    .map((item) => item.webkitGetAsEntry())
    .filter((e): e is FileSystemEntry => e !== null);
  if (entries.length === 0) return sourcesFromFileList(transfer.files);
  const found: { file: File; path: string }[] = [];
  for (const entry of entries) await walk(entry, found);
  return uniqueSources(found);
}

async function walk(entry: FileSystemEntry, out: { file: File; path: string }[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => {
      (entry as FileSystemFileEntry).file(resolve, reject);
    });
    out.push({ file, path: entry.fullPath.replace(/^\//, '') });
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries returns at most ~100 entries per call: read until it returns none.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => {
      reader.readEntries(resolve, reject);
    });
    if (batch.length === 0) break;
    for (const child of batch) await walk(child, out);
  }
}

export interface DemoIndex {
  readonly study: string;
  readonly annotations: string;
  readonly files: readonly string[];
}

/** The bundled demo study, fetched from this app's own origin and wrapped as local files. */
export async function demoSources(
  baseUrl: string,
  onProgress?: (done: number, total: number) => void,
): Promise<{ sources: BrowserFileSource[]; annotationsUrl: string }> {
  const response = await fetchDemo(`${baseUrl}demo/index.json`);
  if (!response.ok) throw new Error(`the demo study is missing (demo/index.json: HTTP ${String(response.status)})`);
  const index = (await response.json()) as DemoIndex;
  let done = 0;
  const files = await Promise.all(
    index.files.map(async (path) => {
      const r = await fetchDemo(`${baseUrl}demo/${path}`);
      if (!r.ok) throw new Error(`demo file ${path}: HTTP ${String(r.status)}`);
      const file = new File([await r.blob()], path.split('/').pop() ?? path, { type: 'application/dicom' });
      onProgress?.(++done, index.files.length);
      return { file, path };
    }),
  );
  return { sources: uniqueSources(files), annotationsUrl: `${baseUrl}demo/${index.annotations}` };
}

/**
 * The demo is stored with the app when it is installed for offline use; a fetch fails only when
 * the network is off before that install finished, which is worth saying plainly.
 */
async function fetchDemo(url: string): Promise<Response> {
  try {
    return await fetch(url);
  } catch {
    throw new Error(
      'the demo study is not stored on this computer yet and the network is off (it is stored with the app on the first visit, once the page says "Works offline"; your own folders open offline)',
    );
  }
}
