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
  // The threaded build hangs in a Vite production build (design.md); one thread is fast enough.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
}

async function usable(name: BackendName): Promise<boolean> {
  if (name === 'webgpu') {
    // Typed loosely on purpose: browsers without WebGPU have no `navigator.gpu` at all.
    const gpu = (navigator as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
    if (gpu === undefined) return false;
    const adapter: unknown = await gpu.requestAdapter().catch(() => null);
    if (adapter === null || adapter === undefined) return false;
  }
  if (name === 'wasm') configureWasm();
  try {
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

export interface BackendChoice {
  readonly backend: BackendName;
  /** Backends tried before it and why they were passed over, for the page to say. */
  readonly skipped: readonly BackendName[];
}

/** The first usable backend, starting from `preferred` when given. */
export async function chooseBackend(preferred?: BackendName): Promise<BackendChoice> {
  const order = preferred === undefined ? [...BACKENDS] : [preferred, ...BACKENDS.filter((b) => b !== preferred)];
  const skipped: BackendName[] = [];
  for (const name of order) {
    if (await usable(name)) {
      await tf.ready();
      return { backend: name, skipped };
    }
    skipped.push(name);
  }
  throw new Error('no TensorFlow.js backend could start in this browser');
}
