/**
 * Cross-origin isolation: with these two headers on the page (and its workers) the browser gives
 * it SharedArrayBuffer, which tfjs-wasm needs to run on several threads. Everything the app loads
 * is its own origin, so requiring CORP of cross-origin resources costs nothing. Headers only: a
 * meta tag cannot set them. A server that leaves them out still runs the app, on one thread.
 */
export const CROSS_ORIGIN_ISOLATION: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};
