/**
 * The model runner on the shipped model, read from disk and run on tfjs' WASM backend in Node:
 * the probabilities of the parity sample, no tensor left behind, and a manifest that disagrees
 * with the graph refused with a message.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseManifest } from '../../core/model/manifest';
import { averageViews, viewBatch } from '../../core/model/views';
import { toModelInput, type CropSpec } from '../../core/roi/crop';
import type { BackendChoice } from './backends';
import { explainOn } from './explain-on';
import { BATCH_SIZE, startModel } from './model-runner';
import { SHIPPED_MODEL_ID } from '../../core/model/shipped';

const FOLDER = join(import.meta.dirname, '..', '..', '..', 'public', 'models', SHIPPED_MODEL_ID);
const MANIFEST_URL = pathToFileURL(join(FOLDER, 'manifest.json')).href;

async function nodeWasm(): Promise<BackendChoice> {
  const require = createRequire(import.meta.url);
  setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}/`);
  await tf.setBackend('wasm');
  await tf.ready();
  return { backend: 'wasm', skipped: [], threads: 1 };
}

/** Reads the model folder from disk; `manifest` edits manifest.json on the way. */
function diskFetch(manifest: (json: Record<string, unknown>) => Record<string, unknown> = (j) => j): typeof fetch {
  return async (input) => {
    const path = fileURLToPath(input instanceof Request ? input.url : String(input));
    const bytes = await readFile(path).catch(() => null);
    if (bytes === null) return new Response('not found', { status: 404 });
    if (path.endsWith('manifest.json'))
      return Response.json(manifest(JSON.parse(bytes.toString('utf8')) as Record<string, unknown>));
    return new Response(bytes);
  };
}

/** The parity sample's patch as the model input, normalised the browser's way. */
async function parityInput(crop: CropSpec): Promise<Float32Array> {
  const parity = JSON.parse(await readFile(join(FOLDER, 'parity.json'), 'utf8')) as { crop: number[][][] };
  return toModelInput(
    parity.crop.map((plane) => Uint8Array.from(plane.flat())),
    crop,
  );
}

/** The manifest as shipped, but read with `views` test-time views. */
const withViews = (views: number) =>
  diskFetch((json) => ({ ...json, calibration: { ...(json.calibration as object), views } }));

describe('model runner', () => {
  beforeAll(async () => {
    await nodeWasm();
  });

  it("gives the parity sample's probabilities (as drawn: one view) and leaves no tensor behind", async () => {
    const before = tf.memory().numTensors;
    const runner = await startModel(MANIFEST_URL, { fetch: withViews(1), chooseBackend: nodeWasm });
    expect(runner.backend).toBe('wasm');
    const loaded = tf.memory().numTensors;
    const parity = JSON.parse(await readFile(join(FOLDER, 'parity.json'), 'utf8')) as {
      crop: number[][][];
      probabilities: number[];
    };
    const manifest = parseManifest(JSON.parse(await readFile(join(FOLDER, 'manifest.json'), 'utf8')));
    const input = toModelInput(
      parity.crop.map((plane) => Uint8Array.from(plane.flat())),
      manifest.crop,
    );
    for (let i = 0; i < 3; i++) {
      const { probabilities, ms } = await runner.run(input);
      expect(ms).toBeGreaterThan(0);
      probabilities.forEach((p, c) => {
        expect(Math.abs(p - (parity.probabilities[c] ?? Number.NaN))).toBeLessThan(1e-3);
      });
    }
    expect(tf.memory().numTensors).toBe(loaded);
    await expect(runner.run(input.subarray(1))).rejects.toThrow(/needs 19200 values, got 19199/);
    expect(tf.memory().numTensors).toBe(loaded);
    runner.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('averages the test-time views in one pass and leaves no tensor behind', async () => {
    const runner = await startModel(MANIFEST_URL, { fetch: withViews(4), chooseBackend: nodeWasm });
    const loaded = tf.memory().numTensors;
    const input = await parityInput(runner.manifest.crop);
    const dims = { height: 80, width: 80, channels: 3 };
    const views = viewBatch(input, dims, 4);
    const each = (await runner.runBatch([0, 1, 2, 3].map((v) => views.subarray(v * 19200, (v + 1) * 19200))))
      .probabilities;
    // The views differ (else averaging them would show nothing), and the runner gives their mean.
    expect(Math.max(...(each[0] ?? []).map((p, c) => Math.abs(p - (each[1]?.[c] ?? 0))))).toBeGreaterThan(1e-4);
    const { probabilities } = await runner.run(input);
    const mean = averageViews(each);
    probabilities.forEach((p, c) => {
      expect(Math.abs(p - (mean[c] ?? Number.NaN))).toBeLessThan(1e-5);
    });
    expect(tf.memory().numTensors).toBe(loaded);
    runner.dispose();
  });

  it('scores batches as it scores single inputs, explains on the same backend, and leaves no tensor behind', async () => {
    const runner = await startModel(MANIFEST_URL, { fetch: withViews(1), chooseBackend: nodeWasm });
    const loaded = tf.memory().numTensors;
    const input = await parityInput(runner.manifest.crop);
    const shifted = input.map((v, i) => (i % 7 === 0 ? v + 40 : v));
    // 2 × BATCH_SIZE + 1 inputs: full batches and a short last one.
    const inputs = Array.from({ length: 2 * BATCH_SIZE + 1 }, (_, n) => (n % 2 === 0 ? input : shifted));
    const batch = await runner.runBatch(inputs);
    const single = [(await runner.run(input)).probabilities, (await runner.run(shifted)).probabilities];
    expect(batch.probabilities).toHaveLength(inputs.length);
    batch.probabilities.forEach((p, n) => {
      p.forEach((value, c) => {
        expect(Math.abs(value - (single[n % 2]?.[c] ?? Number.NaN))).toBeLessThan(1e-4);
      });
    });
    const top = (single[0] ?? []).indexOf(Math.max(...(single[0] ?? [])));
    const { explanation, backend } = await explainOn(runner, input, top);
    expect(explanation.classIndex).toBe(top);
    expect(backend).toBe('wasm');
    expect(explanation.maps.map((map) => map.length)).toEqual([6400, 6400, 6400]);
    expect(explanation.channelDrops).toHaveLength(3);
    expect(explanation.baseProbability).toBeCloseTo(Math.max(...(single[0] ?? [])), 4);
    expect(Math.max(...explanation.maps.map((map) => Math.max(...map)))).toBeGreaterThan(0);
    expect(explanation.peak).toBeGreaterThan(0);
    await expect(runner.runBatch([input, input.subarray(2)])).rejects.toThrow(/needs 19200 values, got 19198/);
    expect(tf.memory().numTensors).toBe(loaded);
    runner.dispose();
  });

  it('answers a single input before the rest of a batch run started earlier (classification before explanation)', async () => {
    const runner = await startModel(MANIFEST_URL, { fetch: diskFetch(), chooseBackend: nodeWasm });
    const input = new Float32Array(80 * 80 * 3);
    const finished: string[] = [];
    const batch = runner.runBatch(Array.from({ length: 4 * BATCH_SIZE }, () => input)).then(() => {
      finished.push('batch');
    });
    // Posted while the batch runs, as a worker message arrives: a task, not a microtask.
    const single = new Promise<void>((resolve, reject) => {
      setTimeout(() => {
        runner.run(input).then(() => {
          finished.push('single');
          resolve();
        }, reject);
      }, 0);
    });
    await Promise.all([batch, single]);
    expect(finished).toEqual(['single', 'batch']);
    runner.dispose();
  });

  it('holds a batch run between its passes while held, and goes on when released', async () => {
    const runner = await startModel(MANIFEST_URL, { fetch: diskFetch(), chooseBackend: nodeWasm });
    const input = new Float32Array(80 * 80 * 3);
    const release = runner.hold();
    let done = false;
    const batch = runner.runBatch(Array.from({ length: 2 * BATCH_SIZE }, () => input)).then((result) => {
      done = true;
      return result;
    });
    // Single inputs (a classification) still go through, and time the wait: 20 of them is longer
    // than the whole batch would take unheld.
    const single = await runner.run(input);
    await new Promise((resolve) => setTimeout(resolve, 20 * single.ms + 50));
    expect(done).toBe(false);
    release();
    expect((await batch).probabilities).toHaveLength(2 * BATCH_SIZE);
    runner.dispose();
  });

  it('refuses a manifest whose classes disagree with the graph, and frees the model', async () => {
    const before = tf.memory().numTensors;
    const fewer = diskFetch((json) => ({
      ...json,
      classes: ['CYST', 'FNH', 'HCC', 'HEM'],
      calibration: { ...(json.calibration as object), views: 2 },
    }));
    // Found at the warm-up pass, which has as many inputs as a classification's views.
    await expect(startModel(MANIFEST_URL, { fetch: fewer, chooseBackend: nodeWasm })).rejects.toThrow(
      /the model gives \[2,6\], its manifest describes 5 outputs/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a manifest whose input size disagrees with the graph', async () => {
    const wider = diskFetch((json) => ({ ...json, inputSize: [96, 96] }));
    await expect(startModel(MANIFEST_URL, { fetch: wider, chooseBackend: nodeWasm })).rejects.toThrow(
      /the model takes \[.*80,80,3\], its manifest says \[96, 96, 3\]/,
    );
  });

  it('says when a weight file is truncated, and keeps no tensor of the half-loaded model', async () => {
    const before = tf.memory().numTensors;
    const whole = diskFetch();
    const truncated: typeof fetch = async (input, init) => {
      const response = await whole(input, init);
      const url = input instanceof Request ? input.url : String(input);
      if (!url.endsWith('group1-shard4of6.bin')) return response;
      const bytes = new Uint8Array(await response.arrayBuffer());
      return new Response(bytes.subarray(0, bytes.length / 2));
    };
    await expect(startModel(MANIFEST_URL, { fetch: truncated, chooseBackend: nodeWasm })).rejects.toThrow(
      /the model could not be loaded \(its weight files are incomplete, shorter than model.json says/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('says when the manifest or the weights are missing', async () => {
    const missing = pathToFileURL(join(FOLDER, '..', 'no-such-model', 'manifest.json')).href;
    await expect(startModel(missing, { fetch: diskFetch(), chooseBackend: nodeWasm })).rejects.toThrow(
      /manifest is missing .*HTTP 404/,
    );
    const noWeights = diskFetch((json) => ({ ...json, modelUrl: 'gone.json' }));
    await expect(startModel(MANIFEST_URL, { fetch: noWeights, chooseBackend: nodeWasm })).rejects.toThrow(
      /the model could not be loaded/,
    );
  });

  /**
   * A GPU in Node is not available here, so the "GPU" is WASM under the name webgpu, and its
   * device is lost on cue; what is tested is the runner's answer: leave that backend for good,
   * load the model on the next one, answer the request there, and say so.
   */
  describe('when the GPU device is lost', () => {
    async function onFakeGpu() {
      const excluded: (readonly string[])[] = [];
      let lose: (reason: string) => void = () => undefined;
      const lost = new Promise<string>((resolve) => {
        lose = resolve;
      });
      const runner = await startModel(MANIFEST_URL, {
        fetch: diskFetch(),
        backend: 'webgpu',
        chooseBackend: async (preferred, exclude = []) => {
          excluded.push(exclude);
          const choice = await nodeWasm();
          return preferred === 'webgpu' && !exclude.includes('webgpu') ? { ...choice, backend: 'webgpu' } : choice;
        },
        watchDevice: (backend) => (backend === 'webgpu' ? lost : null),
      });
      return { runner, excluded, lose };
    }

    const input = new Float32Array(80 * 80 * 3).map((_, i) => (i % 97) / 97 - 0.5);

    it('between two requests: the next one is answered on the next backend, the same, and says why', async () => {
      const before = tf.memory().numTensors;
      const { runner, excluded, lose } = await onFakeGpu();
      const first = await runner.run(input);
      expect(first).toMatchObject({ backend: 'webgpu' });
      expect(first.fallback).toBeUndefined();
      lose('GPU process crashed');
      await Promise.resolve();
      const second = await runner.run(input);
      expect(second.backend).toBe('wasm');
      expect(runner.backend).toBe('wasm');
      expect(second.fallback).toBe('the webgpu device was lost (GPU process crashed); the model now runs on wasm');
      expect(excluded.at(-1)).toEqual(['webgpu']);
      second.probabilities.forEach((p, c) => {
        expect(Math.abs(p - (first.probabilities[c] ?? Number.NaN))).toBeLessThan(1e-6);
      });
      // The model on the lost device was let go: only the new one's tensors remain.
      runner.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });

    it('during requests: each is answered on the next backend, after one reload', async () => {
      const { runner, excluded, lose } = await onFakeGpu();
      const reference = await runner.run(input);
      const pending = [runner.run(input), runner.run(input)];
      lose('device reset');
      for (const answered of await Promise.all(pending)) {
        expect(answered.backend).toBe('wasm');
        expect(answered.fallback).toMatch(/webgpu device was lost \(device reset\)/);
        answered.probabilities.forEach((p, c) => {
          expect(Math.abs(p - (reference.probabilities[c] ?? Number.NaN))).toBeLessThan(1e-6);
        });
      }
      expect(excluded.filter((e) => e.includes('webgpu'))).toHaveLength(1);
      runner.dispose();
    });
  });
});
