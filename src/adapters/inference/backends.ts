/**
 * The tfjs backend: WebGPU, then WebGL, then WASM, then the plain CPU, or the one the user forces
 * (`?backend=` or the settings). All code and WASM binaries come from this app's origin.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { isSoftwareAdapter, isSoftwareRenderer } from './software-gpu';
import { makeThreadedFactoryPortable } from './wasm-threaded-factory';
import { wasmThreadCount } from './wasm-threads';

export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

export function isBackendName(value: unknown): value is BackendName {
  return typeof value === 'string' && (BACKENDS as readonly string[]).includes(value);
}

let wasmThreads: number | null = null;

/** Sets tfjs-wasm up once; the number of threads it will run on. */
function configureWasm(requestedThreads: number | undefined, inputsPerCall: number): number {
  if (wasmThreads !== null) return wasmThreads;
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
  });
  const wanted = wasmThreadCount({
    crossOriginIsolated: globalThis.crossOriginIsolated,
    // Typed loosely on purpose: the page's fallback runs where tests or browsers removed Worker.
    workers: typeof (globalThis as { Worker?: unknown }).Worker === 'function',
    logicalCores: navigator.hardwareConcurrency,
    requested: requestedThreads,
    inputsPerCall,
  });
  wasmThreads = wanted > 1 && makeThreadedFactoryPortable() ? wanted : 1;
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', wasmThreads > 1);
  setThreadsCount(wasmThreads);
  return wasmThreads;
}

/**
 * Starts the WASM backend on `threads` threads. tfjs caps its pool at half of
 * `navigator.hardwareConcurrency`, read while the backend starts; the browser is told twice the
 * threads wanted for that moment only.
 */
async function startWasm(threads: number): Promise<boolean> {
  if (threads === 1) return tf.setBackend('wasm');
  Object.defineProperty(navigator, 'hardwareConcurrency', { value: 2 * threads, configurable: true });
  try {
    return await tf.setBackend('wasm');
  } finally {
    // The own property shadowed the browser's getter; deleting it brings the real count back.
    delete (navigator as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
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
async function usable(
  name: BackendName,
  acceptSoftware: boolean,
  requestedThreads: number | undefined,
  inputsPerCall: number,
): Promise<Verdict> {
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
  try {
    const started =
      name === 'wasm' ? await startWasm(configureWasm(requestedThreads, inputsPerCall)) : await tf.setBackend(name);
    return started ? 'ok' : 'unavailable';
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
  /** Threads the backend computes on: WASM's pool, 1 for the others (the GPU ones work on the GPU). */
  readonly threads: number;
}

/**
 * The first usable backend, starting from `preferred` when given. GPUs emulated in software are
 * passed over unless the user named them; `exclude`d ones (a GPU whose device was lost) are not tried.
 * `threads`: WASM's thread count where the user set one (`?threads=`), else wasm-threads.ts decides,
 * from the cores and `inputsPerCall` (the inputs of one classification: the manifest's views).
 */
export async function chooseBackend(
  preferred?: BackendName,
  exclude: readonly BackendName[] = [],
  threads?: number,
  inputsPerCall = 1,
): Promise<BackendChoice> {
  const order = (
    preferred === undefined ? [...BACKENDS] : [preferred, ...BACKENDS.filter((b) => b !== preferred)]
  ).filter((b) => !exclude.includes(b));
  const skipped: PassedOver[] = [];
  for (const name of order) {
    const verdict = await usable(name, name === preferred, threads, inputsPerCall);
    if (verdict === 'ok') {
      await tf.ready();
      return { backend: name, skipped, threads: name === 'wasm' ? getThreadsCount() : 1 };
    }
    skipped.push({ backend: name, reason: verdict });
  }
  throw new Error('no TensorFlow.js backend could start in this browser');
}
