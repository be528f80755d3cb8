/**
 * tfjs-backend-wasm starts each of its threads as a worker that runs the source of the threaded
 * WASM factory, which it takes from `factory.toString()`. In a minified bundle that function
 * refers to names of the bundle around it, so every thread throws ("e is not defined") and the
 * backend never starts. The threads get the factory's own file instead, shipped verbatim as a
 * string and made self-contained (it defines `WasmBackendModuleThreadedSimd`, the name the
 * thread's script calls).
 */
import * as threadedModule from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';
import threadedSource from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?raw';

const FACTORY_NAME = 'WasmBackendModuleThreadedSimd';

/** The expression tfjs appends to `var WasmBackendModuleThreadedSimd = ` for each thread. */
export function selfContainedFactory(source: string): string {
  return `(function () {\n${source}\nreturn ${FACTORY_NAME};\n})()`;
}

let patched: boolean | null = null;

/**
 * True once the factory tfjs will use carries its own source; false where it cannot be
 * reached (then threads must stay off, or they would hang the backend's start).
 */
export function makeThreadedFactoryPortable(): boolean {
  if (patched !== null) return patched;
  // The same interop tfjs-backend-wasm applies to this CommonJS file, so it is the same function.
  const factory: unknown = (threadedModule as { default?: unknown }).default ?? threadedModule;
  patched = typeof factory === 'function' && threadedSource.includes(`var ${FACTORY_NAME} =`);
  if (patched) {
    const source = selfContainedFactory(threadedSource);
    Object.defineProperty(factory, 'toString', { value: () => source, configurable: true });
  }
  return patched;
}
