/// <reference lib="webworker" />
/** Thin worker entry: the reading lives in header-protocol.ts. */
import { readHeaders, type HeaderRequest } from './header-protocol';

// One request at a time, in the order they came: the first folder's files are answered first.
let queue = Promise.resolve();

self.onmessage = (event: MessageEvent<HeaderRequest>) => {
  queue = queue.then(() =>
    readHeaders(event.data, (part) => {
      self.postMessage(part);
    }),
  );
};
