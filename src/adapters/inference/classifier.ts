/**
 * The lesion classifier, in the style of tfjs-models: `load(manifestUrl)` validates the manifest,
 * loads the graph model, checks it against the manifest, warms it up and returns `classify()` and
 * `dispose()`. The model runs in a worker so that loading and inference never freeze the page;
 * where a module worker cannot start, it runs in the page instead and says so. A worker that dies
 * later is replaced (resilient.ts).
 */
import { PendingCalls } from '../../core/pending-calls';
import type { ModelManifest } from '../../core/model/manifest';
import type { BackendName, PassedOver } from './backends';
import type { ClassifierReply, ClassifierRequest } from './classifier-protocol';
import { explainOn, type ExplanationResult } from './explain-on';
import { startModel, type ModelRunner } from './model-runner';
import { resilient, type ResilientClassifier, type Runner } from './resilient';

export type { ExplanationResult } from './explain-on';

export interface Classification {
  readonly probabilities: readonly number[];
  /** Time of this inference, ms. */
  readonly ms: number;
  /** The backend that computed it: not the one loaded if a GPU device was lost since. */
  readonly backend: BackendName;
  /** Why the model left its first backend, once it has. */
  readonly fallback?: string;
}

export interface LesionClassifier {
  readonly manifest: ModelManifest;
  readonly backend: BackendName;
  /** Backends tried first and passed over (e.g. WebGPU without an adapter), with the reason. */
  readonly passedOver: readonly PassedOver[];
  /** Threads the backend computes on (WASM's pool; 1 for the GPU backends). */
  readonly threads: number;
  readonly manifestUrl: string;
  /** Where the model runs: a worker, or the page when no worker could start. */
  readonly thread: 'worker' | 'page';
  /** `input`: the model input, HWC float32, as `toModelInput` (src/core) makes it. */
  classify(input: Float32Array): Promise<Classification>;
  /**
   * What output `output` (the answer the page shows) rests on: occlusion sensitivity, many forward
   * passes off the page's thread.
   */
  explain(input: Float32Array, output: number, signal?: AbortSignal): Promise<ExplanationResult>;
  /**
   * Pauses explanations between their forward passes until the returned function is called: the
   * user is pressing on a viewport, maybe drawing an ROI, whose alignment and classification
   * should then have the cores rather than share them with a heatmap's passes.
   */
  hold(): () => void;
  dispose(): void;
}

/** A worker that could not start at all (as opposed to one that reports a bad model). */
class WorkerUnavailable extends Error {}

function inPage(runner: ModelRunner): Runner {
  return {
    manifest: runner.manifest,
    get backend() {
      return runner.backend;
    },
    passedOver: runner.passedOver,
    get threads() {
      return runner.threads;
    },
    thread: 'page',
    classify: (input) => runner.run(input),
    explain: (input, output, signal) => explainOn(runner, input, output, signal),
    hold: () => runner.hold(),
    dispose: () => {
      runner.dispose();
    },
    died: new Promise<string>(() => undefined),
  };
}

/** Where the model runs and on what: a backend and WASM's thread count, where the user set them. */
export interface LoadOptions {
  readonly backend?: BackendName | undefined;
  readonly threads?: number | undefined;
}

/** A reply that is not the answer asked for: the worker's own failure message, or a mix-up. */
function unexpected(reply: ClassifierReply): Error {
  return new Error(
    reply.type === 'failed' ? reply.message : `the classifier worker answered ${reply.type} out of turn`,
  );
}

function inWorker(manifestUrl: string, { backend, threads }: LoadOptions): Promise<Runner> {
  let worker: Worker;
  try {
    worker = new Worker(new URL('./classifier.worker.ts', import.meta.url), { type: 'module' });
  } catch (error) {
    return Promise.reject(new WorkerUnavailable(String(error)));
  }
  const send = (request: ClassifierRequest, transfer: Transferable[] = []) => {
    worker.postMessage(request, transfer);
  };
  const calls = new PendingCalls<ClassifierReply>();
  let reportDeath: (reason: string) => void = () => undefined;
  const died = new Promise<string>((resolve) => {
    reportDeath = resolve;
  });
  return new Promise<Runner>((resolve, reject) => {
    let ready = false;
    // What was waiting is not failed here: resilient.ts sees the death and asks the next runner.
    const stop = (reason: string) => {
      worker.terminate();
      if (ready) reportDeath(reason);
      else reject(new WorkerUnavailable(reason));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      stop(event.message || 'an error in the worker');
    };
    worker.onmessageerror = () => {
      stop('a message from the worker could not be read');
    };
    worker.onmessage = (event: MessageEvent<ClassifierReply>) => {
      const reply = event.data;
      if (reply.type === 'load-failed') {
        worker.terminate();
        reject(new Error(reply.message));
      } else if (reply.type === 'ready') {
        ready = true;
        resolve({
          manifest: reply.manifest,
          backend: reply.backend,
          passedOver: reply.passedOver,
          threads: reply.threads,
          thread: 'worker',
          died,
          classify: async (input) => {
            // A copy travels, so the caller's array stays usable.
            const copy = input.slice();
            const answer = await calls.call((id) => {
              send({ type: 'classify', id, input: copy }, [copy.buffer]);
            });
            if (answer.type !== 'result') throw unexpected(answer);
            const { probabilities, ms, backend: used, fallback } = answer;
            return { probabilities, ms, backend: used, ...(fallback === undefined ? {} : { fallback }) };
          },
          explain: async (input, output, signal) => {
            const copy = input.slice();
            const answer = await calls.call((id) => {
              signal?.addEventListener('abort', () => {
                send({ type: 'cancel', id });
              });
              send({ type: 'explain', id, input: copy, output }, [copy.buffer]);
            });
            if (answer.type !== 'explained') throw unexpected(answer);
            return { explanation: answer.explanation, ms: answer.ms, backend: answer.backend };
          },
          hold: () => {
            send({ type: 'hold', held: true });
            let held = true;
            return () => {
              if (held) send({ type: 'hold', held: false });
              held = false;
            };
          },
          dispose: () => {
            worker.terminate();
            calls.failAll(new Error('the classifier was closed'));
          },
        });
      } else calls.reply(reply.id, reply);
    };
    send({ type: 'load', manifestUrl, backend, threads });
  });
}

export async function load(manifestUrl: string, options: LoadOptions = {}): Promise<ResilientClassifier> {
  const absolute = new URL(manifestUrl, location.href).href;
  const pageRunner = async () => inPage(await startModel(absolute, options));
  let first: Runner;
  try {
    first = await inWorker(absolute, options);
  } catch (error) {
    if (!(error instanceof WorkerUnavailable)) throw error;
    first = await pageRunner();
  }
  return resilient(first, { restart: () => inWorker(absolute, options), inPage: pageRunner }, absolute);
}
