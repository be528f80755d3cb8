/// <reference lib="webworker" />
/** Thin worker entry: the model runs here so the page stays responsive; the logic is model-runner. */
import { errorMessage } from '../../core/error-message';
import type { ClassifierReply, ClassifierRequest } from './classifier-protocol';
import { explainOn } from './explain-on';
import { startModel, type ModelRunner } from './model-runner';

let runner: ModelRunner | null = null;
/** Explanations in progress, so the page can stop one it no longer needs. */
const explaining = new Map<number, AbortController>();
/** Releases the page's hold on explanations, while it holds them. */
let releaseHold: (() => void) | null = null;
const reply = (message: ClassifierReply) => {
  self.postMessage(message);
};

async function handle(request: ClassifierRequest): Promise<void> {
  if (request.type === 'load') {
    try {
      runner = await startModel(request.manifestUrl, { backend: request.backend, threads: request.threads });
      reply({
        type: 'ready',
        manifest: runner.manifest,
        backend: runner.backend,
        passedOver: runner.passedOver,
        threads: runner.threads,
      });
    } catch (error) {
      reply({ type: 'load-failed', message: errorMessage(error) });
    }
    return;
  }
  if (request.type === 'cancel') {
    explaining.get(request.id)?.abort();
    return;
  }
  if (request.type === 'hold') {
    releaseHold?.();
    releaseHold = request.held ? (runner?.hold() ?? null) : null;
    return;
  }
  if (runner === null) {
    reply({ type: 'failed', id: request.id, message: 'the model is not loaded' });
    return;
  }
  try {
    if (request.type === 'explain') {
      const controller = new AbortController();
      explaining.set(request.id, controller);
      const result = await explainOn(runner, request.input, request.output, controller.signal).finally(() => {
        explaining.delete(request.id);
      });
      const message: ClassifierReply = { type: 'explained', id: request.id, ...result };
      self.postMessage(
        message,
        result.explanation.maps.map((map) => map.buffer),
      );
    } else reply({ type: 'result', id: request.id, ...(await runner.run(request.input)) });
  } catch (error) {
    reply({ type: 'failed', id: request.id, message: errorMessage(error) });
  }
}

self.onmessage = (event: MessageEvent<ClassifierRequest>) => {
  void handle(event.data);
};
