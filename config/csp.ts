/**
 * The Content-Security-Policy of the built app, sent as a header by the preview server and
 * written as a meta tag into the built index.html (for any other static server a user puts it
 * on). Everything is same-origin: no CDN, no fonts, no telemetry can be reached even by mistake.
 */
const DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  // tfjs and the DICOM codecs compile WebAssembly; nothing evaluates strings as script. tfjs-wasm
  // starts each of its threads as a worker from a blob it wrote itself, which imports a second
  // blob: its threaded build's script (without blob: it retries the refused worker until the tab dies).
  'script-src': ["'self'", "'wasm-unsafe-eval'", 'blob:'],
  'worker-src': ["'self'", 'blob:'],
  // blob: and data: are the user's own files and pixels, read locally.
  'connect-src': ["'self'", 'blob:', 'data:'],
  'img-src': ["'self'", 'blob:', 'data:'],
  // React and Cornerstone set element styles; no remote stylesheet is allowed.
  'style-src': ["'self'", "'unsafe-inline'"],
  'font-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'none'"],
  'manifest-src': ["'self'"],
};

/** Directives a meta tag cannot carry (browsers ignore them there), so only the header sends them. */
const HEADER_ONLY: Readonly<Record<string, readonly string[]>> = {
  'frame-ancestors': ["'none'"],
};

function serialise(directives: Readonly<Record<string, readonly string[]>>): string {
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

export const CSP_META = serialise(DIRECTIVES);
export const CSP_HEADER = serialise({ ...DIRECTIVES, ...HEADER_ONLY });

/**
 * Cross-origin isolation (COOP/COEP): the browser gives SharedArrayBuffer, which tfjs-wasm's
 * threads need, only to an isolated page. Everything the app loads is its own, so requiring
 * CORP of cross-origin resources costs nothing.
 */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * `_headers`, written beside the built app: static hosts that read it (Netlify, Cloudflare Pages
 * and others of that convention) send the policy and cross-origin isolation with every file, so
 * the first visit is isolated too, not only those the service worker answers.
 */
export function staticHostHeaders(): string {
  const headers = { 'Content-Security-Policy': CSP_HEADER, ...ISOLATION_HEADERS };
  return ['/*', ...Object.entries(headers).map(([name, value]) => `  ${name}: ${value}`), ''].join('\n');
}
