/**
 * Reading file headers in a worker: the request and replies, and the reading itself, which the
 * worker entry (header.worker.ts) runs and tests call directly.
 */
import { mapConcurrent } from '../../core/map-concurrent';
import { parseSliceHeader, type ParsedFile } from '../../core/dicom/slice-meta';

export interface HeaderRequest {
  /** Tells apart the requests a worker answers (a newer folder may be opened while one is read). */
  readonly id: number;
  readonly files: readonly { readonly name: string; readonly file: Blob }[];
  readonly headerBytes: number;
}

/** Requests no longer wanted (a newer folder was opened): their files are not read further. */
export interface HeaderCancel {
  readonly cancel: readonly number[];
}

/** The headers of `files[start, start + parsed.length)`; a request is answered in several. */
export interface HeaderReply {
  readonly id: number;
  readonly start: number;
  /** One per file, in order; null where the head cannot tell (the page then reads the whole file). */
  readonly parsed: readonly (ParsedFile | null)[];
}

/** Reads in flight: each read waits on the browser's file system, not on this thread. */
const READS_IN_FLIGHT = 32;
/** Files per reply: small enough that the page hears early, large enough that replies are few. */
export const FILES_PER_REPLY = 32;

export async function readHeaders(
  request: HeaderRequest,
  reply: (part: HeaderReply) => void,
  cancelled: () => boolean = () => false,
): Promise<void> {
  for (let start = 0; start < request.files.length && !cancelled(); start += FILES_PER_REPLY) {
    const part = request.files.slice(start, start + FILES_PER_REPLY);
    const parsed = await mapConcurrent(part, READS_IN_FLIGHT, async ({ name, file }) => {
      try {
        const head = new Uint8Array(await file.slice(0, request.headerBytes).arrayBuffer());
        return parseSliceHeader(name, head, file.size);
      } catch {
        // A file that cannot be read here is read again in the page, which says why it failed.
        return null;
      }
    });
    reply({ id: request.id, start, parsed });
  }
}
