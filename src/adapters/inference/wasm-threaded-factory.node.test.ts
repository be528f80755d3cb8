import { runInNewContext } from 'node:vm';
import * as threadedModule from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';
import { describe, expect, it } from 'vitest';
import { makeThreadedFactoryPortable, selfContainedFactory } from './wasm-threaded-factory';

/** What a tfjs-wasm thread runs: tfjs's prefix and the factory's source, in a global with no bundle around it. */
const threadScript = (factorySource: string) => `var WasmBackendModuleThreadedSimd = ${factorySource};`;

describe('the threaded factory given to tfjs-wasm threads', () => {
  it('defines the factory in a scope that has nothing of the bundle', () => {
    const context: { WasmBackendModuleThreadedSimd?: unknown } = {};
    runInNewContext(threadScript(selfContainedFactory('var WasmBackendModuleThreadedSimd = (m) => m + 1;')), context);
    expect(typeof context.WasmBackendModuleThreadedSimd).toBe('function');
  });

  it("makes tfjs's own factory carry the file's source, which runs alone", () => {
    expect(makeThreadedFactoryPortable()).toBe(true);
    const factory = (threadedModule as { default?: unknown }).default ?? threadedModule;
    const source = (factory as { toString(): string }).toString();
    // The whole file (its wrapper defines what the inner function refers to), not the function alone.
    expect(source).toContain('var _scriptDir');
    const context: { WasmBackendModuleThreadedSimd?: unknown } = {};
    runInNewContext(threadScript(source), context);
    expect(typeof context.WasmBackendModuleThreadedSimd).toBe('function');
  });
});
