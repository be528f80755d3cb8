/**
 * The tfjs backend: WebGPU, then WebGL, then WASM, then the plain CPU, or the one the user forces
 * (`?backend=` or the settings). All code and WASM binaries come from this app's origin.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { isSoftwareAdapter, isSoftwareRenderer } from './software-gpu';

export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

export function isBackendName(value: unknown): value is BackendName {
  return typeof value === 'string' && (BACKENDS as readonly string[]).includes(value);
}

let wasmConfigured = false;

function configureWasm(): void {
  if (wasmConfigured) return;
  wasmConfigured = true;
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
  });
  // The threaded build hangs in a Vite production build (docs/architecture.md); one thread is fast enough.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
}

type Verdict = 'ok' | PassedOver['reason'];

/** The WebGL renderer's name, from a throwaway context (workers have OffscreenCanvas). */
function webglRenderer(): string {
  try {
    const canvas = typeof OffscreenCanvas === 'undefined' ? null : new OffscreenCanvas(1, 1);
    const gl = canvas?.getContext('webgl2');
    const info = gl?.getExtension('WEBGL_debug_renderer_info');
    const renderer: unknown = info === null || info === undefined ? '' : gl?.getParameter(info.UNMASKED_RENDERER_WEBGL);
    gl?.getExtension('WEBGL_lose_context')?.loseContext();
    return typeof renderer === 'string' ? renderer : '';
  } catch {
    return '';
  }
}

/** `acceptSoftware`: the user asked for this backend by name, emulated or not. */
async function usable(name: BackendName, acceptSoftware: boolean): Promise<Verdict> {
  if (name === 'webgpu') {
    // Typed loosely on purpose: browsers without WebGPU have no `navigator.gpu` at all.
    const gpu = (navigator as { gpu?: { requestAdapter(): Promise<Parameters<typeof isSoftwareAdapter>[0] | null> } })
      .gpu;
    if (gpu === undefined) return 'unavailable';
    const adapter = await gpu.requestAdapter().catch(() => null);
    if (adapter === null) return 'unavailable';
    if (!acceptSoftware && isSoftwareAdapter(adapter)) return 'software';
  }
  if (name === 'webgl' && !acceptSoftware && isSoftwareRenderer(webglRenderer())) return 'software';
  if (name === 'wasm') configureWasm();
  try {
    return (await tf.setBackend(name)) ? 'ok' : 'unavailable';
  } catch {
    return 'unavailable';
  }
}

/** A backend tried before the one chosen, and why it was passed over, for the page to say. */
export interface PassedOver {
  readonly backend: BackendName;
  readonly reason: 'unavailable' | 'software';
}

export interface BackendChoice {
  readonly backend: BackendName;
  readonly skipped: readonly PassedOver[];
}

/**
 * The first usable backend, starting from `preferred` when given. GPUs emulated in software are
 * passed over unless the user named them; `exclude`d ones (a GPU whose device was lost) are not tried.
 */
export async function chooseBackend(
  preferred?: BackendName,
  exclude: readonly BackendName[] = [],
): Promise<BackendChoice> {
  const order = (
    preferred === undefined ? [...BACKENDS] : [preferred, ...BACKENDS.filter((b) => b !== preferred)]
  ).filter((b) => !exclude.includes(b));
  const skipped: PassedOver[] = [];
  for (const name of order) {
    const verdict = await usable(name, name === preferred);
    if (verdict === 'ok') {
      await tf.ready();
      return { backend: name, skipped };
    }
    skipped.push({ backend: name, reason: verdict });
  }
  throw new Error('no TensorFlow.js backend could start in this browser');
}
