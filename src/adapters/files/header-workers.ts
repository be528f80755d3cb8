/**
 * Lists a folder's headers in workers. Each `File.size` and `File.slice` asks the browser's file
 * system synchronously, holding the thread that calls it (npm run bench:file-reads: 0.6 s of the
 * page's thread per 1 200 files in a blank page, before any parsing), so workers wait instead and
 * the page stays free to draw. Handing the files over still costs the page (0.26 s per 1 200
 * files there, in one message or in many). The workers start with the page and stay, so a folder
 * does not wait for them to start. One folder at a time: a new listing cancels the one still under
 * way (the page has dropped the folder it was for), which rejects with an AbortError.
 */
import { PendingCalls } from '../../core/pending-calls';
import type { ReadHeaders } from '../../core/study/read-study';
import type { ParsedFile } from '../../core/dicom/slice-meta';
import type { BrowserFileSource } from './browser-files';
import type { HeaderCancel, HeaderReply, HeaderRequest } from './header-protocol';

/** bench:file-reads on 2 cores: 1 worker 0.94 s, 2 workers 0.76 s, 4 workers 0.74 s per 1 200 heads. */
const WORKERS = 2;
/** Files handed to a worker at a time. */
const DEALT = 96;
/** Files sized between two chances for the page to draw (see `sizeFirst`). */
const SIZED_PER_TURN = 64;

function isBrowserFileSource(source: object): source is BrowserFileSource {
  return 'file' in source && source.file instanceof Blob;
}

/**
 * Which items each of `workers` reads: runs of `batch` dealt in turn, so both work on the first
 * folders first and the first series is whole early (the page shows it while the rest is read).
 */
export function dealBatches(count: number, workers: number, batch: number): number[][] {
  const hands = Array.from({ length: Math.max(1, Math.min(workers, Math.ceil(count / batch))) }, () => [] as number[]);
  for (let start = 0, turn = 0; start < count; start += batch, turn++) {
    const hand = hands[turn % hands.length] as number[];
    for (let i = start; i < Math.min(count, start + batch); i++) hand.push(i);
  }
  return hands;
}

export const readHeadersInWorkers: ReadHeaders = async (sources, headerBytes, onRead) => {
  const files = sources.map((source) => {
    if (!isBrowserFileSource(source)) throw new Error('not a browser file');
    return { name: source.name, file: source.file };
  });
  const results = new Array<ParsedFile | null>(files.length);
  const workers = headerWorkers();
  for (const worker of workers) worker.cancelAll();
  await sizeFirst(files.map((f) => f.file));
  const hands = dealBatches(files.length, workers.length, DEALT);
  let abandoned = false;
  // Each worker gets its first run alone, so it starts before the rest of its hand is handed over
  // (the page's thread copies every File it hands over).
  const handOver = (w: number, indices: readonly number[]): Promise<void> =>
    (workers[w] as HeaderWorker).list(
      indices.map((i) => files[i] as (typeof files)[number]),
      headerBytes,
      (part) => {
        if (abandoned) return;
        part.parsed.forEach((parsed, j) => {
          const index = indices[part.start + j] as number;
          results[index] = parsed;
          onRead(index, parsed);
        });
      },
    );
  const first = hands.map((hand, w) => handOver(w, hand.slice(0, DEALT)));
  const rest = hands.map((hand, w) => handOver(w, hand.slice(DEALT)));
  try {
    await Promise.all([...first, ...rest]);
  } catch (error) {
    // The page lists every file again itself: what the other workers still send is not news.
    abandoned = true;
    throw error;
  }
  return results;
};

/**
 * Asks every file's size before any is handed over. Chromium fetches a File's size and date from
 * the browser process, synchronously, the first time the page sizes or sends it. When that came
 * with the handing over while the first workers were already reading, single messages held the
 * page for most of a second; asked first, in runs of SIZED_PER_TURN, the files are then handed over
 * at almost no cost (bench:large-study's longest task). The page draws between runs, the first
 * look at the folder included.
 */
async function sizeFirst(files: readonly Blob[]): Promise<void> {
  const started = performance.now();
  let bytes = 0;
  for (let i = 0; i < files.length; i++) {
    bytes += (files[i] as Blob).size;
    if ((i + 1) % SIZED_PER_TURN === 0) await nextTask();
  }
  performance.measure('listing: size the files', { start: started, detail: { files: files.length, bytes } });
}

/** A task boundary that, unlike a timer, a hidden tab does not slow to once a second. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** Starts the workers ahead of the first folder (the page calls it once it is up). */
export function startHeaderWorkers(): void {
  headerWorkers();
}

let pool: HeaderWorker[] | null = null;

function headerWorkers(): HeaderWorker[] {
  pool ??= Array.from({ length: WORKERS }, () => new HeaderWorker());
  return pool;
}

/**
 * A worker with files to read that has not answered for this long is taken for dead (one closed
 * from inside sends no error event): the page reads its files itself. An answer covers 32 files,
 * well under a second even from a slow disk.
 */
const SILENCE_MS = 8000;

class HeaderWorker {
  private readonly worker = new Worker(new URL('./header.worker.ts', import.meta.url), { type: 'module' });
  private readonly listings = new PendingCalls<HeaderReply>();
  private watchdog: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    this.worker.onmessage = (event: MessageEvent<HeaderReply>) => {
      this.listings.reply(event.data.id, event.data);
      this.watch();
    };
    this.worker.onerror = (event) => {
      this.stop(`the header worker stopped: ${event.message}`);
    };
  }

  /** Settles once every file is answered; rejects when the worker cannot run. */
  list(files: HeaderRequest['files'], headerBytes: number, onPart: (part: HeaderReply) => void): Promise<void> {
    if (files.length === 0) return Promise.resolve();
    let answered = 0;
    const listed = this.listings.stream(
      (id) => {
        this.worker.postMessage({ id, files, headerBytes } satisfies HeaderRequest);
      },
      (part) => {
        onPart(part);
        answered += part.parsed.length;
        return answered >= files.length;
      },
    );
    this.watchdog ??= this.startWatchdog();
    return listed;
  }

  /** Drops every listing under way: the worker stops reading its files, its caller hears AbortError. */
  cancelAll(): void {
    if (this.listings.size === 0) return;
    this.worker.postMessage({ cancel: this.listings.ids() } satisfies HeaderCancel);
    this.listings.failAll(new DOMException('a newer folder is being listed', 'AbortError'));
    this.watch();
  }

  /** Restarts the wait for the next answer while files are still to be read. */
  private watch(): void {
    if (this.watchdog !== null) clearTimeout(this.watchdog);
    this.watchdog = this.listings.size > 0 ? this.startWatchdog() : null;
  }

  private startWatchdog(): ReturnType<typeof setTimeout> {
    return setTimeout(() => {
      this.stop(`the header worker gave no answer for ${String(SILENCE_MS / 1000)} s`);
    }, SILENCE_MS);
  }

  /** The page reads this worker's files itself, and the next folder gets new workers. */
  private stop(reason: string): void {
    this.worker.terminate();
    if (this.watchdog !== null) clearTimeout(this.watchdog);
    this.watchdog = null;
    if (pool?.includes(this)) pool = null;
    this.listings.failAll(new Error(reason));
  }
}
