/** The explanation as the classifier runs it, in the worker or in the page. */
import { explain, type Explanation } from '../../core/explain/explain';
import type { BackendName } from './backends';
import type { ModelRunner } from './model-runner';

export interface ExplanationResult {
  readonly explanation: Explanation;
  /** Time of the whole explanation (all its forward passes), ms. */
  readonly ms: number;
  readonly backend: BackendName;
}

/** The occlusion explanation of an input, on the runner's backend, in batches. */
export async function explainOn(
  runner: ModelRunner,
  input: Float32Array,
  signal?: AbortSignal,
): Promise<ExplanationResult> {
  const [height, width] = runner.manifest.crop.inputSize;
  const started = performance.now();
  const explanation = await explain((inputs) => runner.runBatch(inputs, signal), input, {
    height,
    width,
    channels: runner.manifest.phases.length,
  });
  return { explanation, ms: performance.now() - started, backend: runner.backend };
}
