import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_THREADS, WASM_THREAD_POOL, parseThreadsParam, wasmThreadCount } from './wasm-threads';

const isolated = { crossOriginIsolated: true, workers: true };

describe('wasmThreadCount', () => {
  it('runs on one thread without cross-origin isolation, whatever the cores or the request', () => {
    expect(wasmThreadCount({ crossOriginIsolated: false, workers: true, logicalCores: 16, requested: 4 })).toBe(1);
  });

  it('runs on one thread where no worker can start', () => {
    expect(wasmThreadCount({ crossOriginIsolated: true, workers: false, logicalCores: 16, requested: 4 })).toBe(1);
  });

  it('leaves one core to the page, up to four threads', () => {
    expect(wasmThreadCount({ ...isolated, logicalCores: 2 })).toBe(1);
    expect(wasmThreadCount({ ...isolated, logicalCores: 4 })).toBe(3);
    expect(wasmThreadCount({ ...isolated, logicalCores: 16 })).toBe(DEFAULT_MAX_THREADS);
  });

  it('gives the model every core, up to four, when a classification is a batch of views', () => {
    expect(wasmThreadCount({ ...isolated, logicalCores: 2, inputsPerCall: 4 })).toBe(2);
    expect(wasmThreadCount({ ...isolated, logicalCores: 3, inputsPerCall: 2 })).toBe(3);
    expect(wasmThreadCount({ ...isolated, logicalCores: 16, inputsPerCall: 4 })).toBe(DEFAULT_MAX_THREADS);
    expect(wasmThreadCount({ ...isolated, logicalCores: 2, inputsPerCall: 1 })).toBe(1);
    expect(wasmThreadCount({ crossOriginIsolated: false, workers: true, logicalCores: 2, inputsPerCall: 4 })).toBe(1);
    expect(wasmThreadCount({ ...isolated, logicalCores: 8, requested: 1, inputsPerCall: 4 })).toBe(1);
  });

  it('takes the count asked for, within the workers tfjs-wasm starts', () => {
    expect(wasmThreadCount({ ...isolated, logicalCores: 2, requested: 2 })).toBe(2);
    expect(wasmThreadCount({ ...isolated, logicalCores: 2, requested: 64 })).toBe(WASM_THREAD_POOL);
    expect(wasmThreadCount({ ...isolated, logicalCores: 8, requested: 1 })).toBe(1);
  });

  it('falls back to one thread when the browser hides its cores', () => {
    expect(wasmThreadCount({ ...isolated, logicalCores: undefined })).toBe(1);
    expect(wasmThreadCount({ ...isolated, logicalCores: 0 })).toBe(1);
    expect(wasmThreadCount({ ...isolated, logicalCores: Number.NaN })).toBe(1);
  });
});

describe('parseThreadsParam', () => {
  it('reads a whole number of at least one', () => {
    expect(parseThreadsParam('2')).toBe(2);
    expect(parseThreadsParam('16')).toBe(16);
  });

  it('ignores anything else', () => {
    for (const value of [null, '', '0', '-1', '1.5', 'two', '2x']) expect(parseThreadsParam(value)).toBeUndefined();
  });
});
