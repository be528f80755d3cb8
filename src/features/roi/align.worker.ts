/// <reference lib="webworker" />
/** Thin worker entry: the alignment search itself lives in src/core/roi/align. */
import { runAlignRequest, type AlignRequest } from './align-protocol';

self.onmessage = (event: MessageEvent<AlignRequest>) => {
  self.postMessage(runAlignRequest(event.data));
};
