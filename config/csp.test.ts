import { describe, expect, it } from 'vitest';
import { CSP_HEADER, staticHostHeaders } from './csp';

describe('staticHostHeaders', () => {
  it('gives every path the policy and cross-origin isolation, one header per line', () => {
    const lines = staticHostHeaders().trimEnd().split('\n');
    expect(lines[0]).toBe('/*');
    expect(lines.slice(1)).toEqual([
      `  Content-Security-Policy: ${CSP_HEADER}`,
      '  Cross-Origin-Opener-Policy: same-origin',
      '  Cross-Origin-Embedder-Policy: require-corp',
    ]);
  });

  it("allows the blob: workers and scripts tfjs-wasm's threads start from", () => {
    expect(CSP_HEADER).toMatch(/script-src [^;]*blob:/);
    expect(CSP_HEADER).toMatch(/worker-src [^;]*blob:/);
  });
});
