import { describe, expect, it } from 'vitest';
import { withIsolation } from './isolated-response';

describe('withIsolation', () => {
  it('adds COOP and COEP and keeps status, headers and body', async () => {
    const original = new Response('<html>', {
      status: 200,
      statusText: 'OK',
      headers: { 'Content-Type': 'text/html', 'Cross-Origin-Opener-Policy': 'unsafe-none' },
    });
    const isolated = withIsolation(original);
    expect(isolated.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
    expect(isolated.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
    expect(isolated.headers.get('Content-Type')).toBe('text/html');
    expect(isolated.status).toBe(200);
    expect(isolated.statusText).toBe('OK');
    expect(await isolated.text()).toBe('<html>');
  });

  it('returns a response that already isolates as it is', () => {
    const original = new Response('x', {
      headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
    });
    expect(withIsolation(original)).toBe(original);
  });

  it('leaves a network error (status 0, like an opaque response) alone', () => {
    const opaque = Response.error();
    expect(withIsolation(opaque)).toBe(opaque);
  });
});
