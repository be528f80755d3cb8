/// <reference lib="webworker" />
/** Thin worker entry: the reading lives in header-protocol.ts. */
import { readHeaders, type HeaderCancel, type HeaderRequest } from './header-protocol';

// One request at a time, in the order they came: the first folder's files are answered first.
let queue = Promise.resolve();
const cancelled = new Set<number>();

self.onmessage = (event: MessageEvent<HeaderRequest | HeaderCancel>) => {
  const message = event.data;
  if ('cancel' in message) {
    for (const id of message.cancel) cancelled.add(id);
    return;
  }
  queue = queue.then(async () => {
    await readHeaders(
      message,
      (part) => {
        self.postMessage(part);
      },
      () => cancelled.has(message.id),
    );
    cancelled.delete(message.id);
  });
};
