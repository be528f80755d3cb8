import { describe, expect, it } from 'vitest';
import { isSoftwareAdapter, isSoftwareRenderer } from './software-gpu';

describe('software GPU detection', () => {
  it("recognises Chromium's SwiftShader and Mesa's software rasterizers, not real GPUs", () => {
    expect(
      isSoftwareRenderer(
        'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
      ),
    ).toBe(true);
    expect(isSoftwareRenderer('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(true);
    expect(isSoftwareRenderer('ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)')).toBe(false);
    expect(isSoftwareRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)')).toBe(false);
  });

  it('reads the fallback flag of old and new WebGPU adapters, and SwiftShader in the adapter info', () => {
    expect(isSoftwareAdapter({ isFallbackAdapter: true })).toBe(true);
    expect(isSoftwareAdapter({ info: { isFallbackAdapter: true } })).toBe(true);
    expect(isSoftwareAdapter({ info: { vendor: 'google', architecture: 'swiftshader' } })).toBe(true);
    expect(isSoftwareAdapter({ isFallbackAdapter: false, info: { vendor: 'nvidia', architecture: 'ampere' } })).toBe(
      false,
    );
  });
});
