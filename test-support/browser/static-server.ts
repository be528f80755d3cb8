/**
 * A static server for a private copy of the built app, so a test can change what the "next
 * version" serves, or stop the server to cut the network for real. Sends the same
 * Content-Security-Policy header as `vite preview`.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { CSP_HEADER } from '../../config/csp';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.bin': 'application/octet-stream',
  '.onnx': 'application/octet-stream',
  '.dcm': 'application/dicom',
  '.md': 'text/markdown; charset=utf-8',
  '.map': 'application/json',
};

export interface StaticSite {
  readonly root: string;
  readonly origin: string;
  close(): Promise<void>;
}

/** Copies the built app to a fresh folder (source maps left out). */
export function copyOfBuild(dist = join(import.meta.dirname, '..', '..', 'dist')): string {
  if (!existsSync(join(dist, 'sw.js'))) throw new Error(`${dist} has no service worker: build the app first`);
  const root = mkdtempSync(join(tmpdir(), 'llv-site-'));
  cpSync(dist, root, { recursive: true, filter: (path) => !path.endsWith('.map') });
  return root;
}

/**
 * Serves `root` over HTTP/1.1. Paths in `interrupted` are cut off halfway (the connection drops
 * after half the bytes announced), like a laptop losing its network in the middle of an update;
 * `cacheControl` is what every response says about caching (a hospital server may say no-store);
 * `headers` go on every response too, and win over the defaults (a benchmark's cross-origin
 * isolation).
 */
export async function serve(
  root: string,
  port: number,
  interrupted: ReadonlySet<string> = new Set(),
  cacheControl = 'no-cache',
  headers: Readonly<Record<string, string>> = {},
): Promise<StaticSite> {
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404, { 'Content-Security-Policy': CSP_HEADER, ...headers }).end('not found');
      return;
    }
    const body = readFileSync(file);
    response.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': String(body.length),
      'Content-Security-Policy': CSP_HEADER,
      'Cache-Control': cacheControl,
      ...headers,
    });
    if (interrupted.has(path)) {
      response.write(body.subarray(0, Math.floor(body.length / 2)), () => response.destroy());
      return;
    }
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    root,
    origin: `http://127.0.0.1:${String(port)}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      }),
  };
}
