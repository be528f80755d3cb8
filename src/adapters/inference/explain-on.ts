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

/**
 * The occlusion explanation of output `output` for an input, on the runner's backend, in batches.
 * The output is the one the page shows (the top of the views' mean), which the patch as drawn
 * alone may not rank first; the masked copies are read as drawn only (ModelRunner.runBatch).
 */
export async function explainOn(
  runner: ModelRunner,
  input: Float32Array,
  output: number,
  signal?: AbortSignal,
): Promise<ExplanationResult> {
  const [height, width] = runner.manifest.crop.inputSize;
  const started = performance.now();
  const explanation = await explain(
    (inputs) => runner.runBatch(inputs, signal),
    input,
    {
      height,
      width,
      channels: runner.manifest.phases.length,
    },
    { classIndex: output },
  );
  return { explanation, ms: performance.now() - started, backend: runner.backend };
}
