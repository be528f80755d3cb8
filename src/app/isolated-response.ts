import { ISOLATION_HEADERS } from '../../config/csp';

/**
 * The response with COOP/COEP added, so a page the service worker serves is cross-origin
 * isolated (tfjs-wasm's threads) even where the server that first sent it did not isolate it.
 * Opaque responses cannot be rewritten; responses that already carry both are left alone.
 */
export function withIsolation(response: Response): Response {
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.status === 0) return response;
  const missing = Object.entries(ISOLATION_HEADERS).filter(([name, value]) => response.headers.get(name) !== value);
  if (missing.length === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of missing) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
