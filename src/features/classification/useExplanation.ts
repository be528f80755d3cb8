import { useEffect, useRef, useState } from 'react';
import type { Explanation } from '../../core/explain/explain';
import { errorMessage } from '../../core/error-message';
import type { LesionClassifier } from '../../adapters/inference';
import type { LesionResult, ModelStatus } from './useClassification';

export type ExplanationState =
  | { readonly state: 'idle' }
  | { readonly state: 'running'; readonly lesionId: string; readonly key: string }
  | {
      readonly state: 'done';
      readonly lesionId: string;
      readonly key: string;
      readonly explanation: Explanation;
      readonly ms: number;
      readonly backend: string;
    }
  | { readonly state: 'error'; readonly lesionId: string; readonly key: string; readonly message: string };

/**
 * The occlusion explanation of the selected lesion's classification, computed by the classifier
 * (in its worker, on its backend) once the lesion is classified and no other lesion is waiting
 * for the model (classification comes first), and again whenever its ROIs move. An explanation
 * no longer wanted (another lesion selected, ROIs moved, heatmap off) is stopped in the worker.
 */
export function useExplanation(
  status: ModelStatus,
  results: ReadonlyMap<string, LesionResult>,
  inputFor: (id: string, key: string) => Float32Array | undefined,
  lesionId: string | null,
  enabled: boolean,
): ExplanationState {
  const [state, setState] = useState<ExplanationState>({ state: 'idle' });
  const result = lesionId === null ? undefined : results.get(lesionId);
  const key = result?.state === 'done' ? result.key : undefined;
  const classifier = status.state === 'ready' ? status.classifier : null;
  const busy = [...results.values()].some((r) => r.state === 'running' || r.state === 'pending');
  const current = useRef<{ classifier: LesionClassifier; id: string; stop: AbortController } | null>(null);

  const wanted = enabled && classifier !== null && lesionId !== null && key !== undefined ? `${lesionId}|${key}` : null;
  useEffect(() => {
    const running = current.current;
    if (running !== null && (running.id !== wanted || running.classifier !== classifier)) {
      running.stop.abort();
      current.current = null;
    }
  }, [wanted, classifier]);

  useEffect(() => {
    if (wanted === null || classifier === null || lesionId === null || key === undefined || busy) return;
    if (current.current !== null) return;
    const input = inputFor(lesionId, key);
    if (input === undefined) return;
    const stop = new AbortController();
    const mine = { classifier, id: wanted, stop };
    current.current = mine;
    // Marked running when it really starts (not while `busy` holds it back): only this effect knows.
    // eslint-disable-next-line react-hooks/set-state-in-effect -- see above
    setState({ state: 'running', lesionId, key });
    classifier.explain(input, stop.signal).then(
      ({ explanation, ms, backend }) => {
        if (stop.signal.aborted) return;
        setState({ state: 'done', lesionId, key, explanation, ms, backend });
      },
      (error: unknown) => {
        if (stop.signal.aborted) return;
        setState({ state: 'error', lesionId, key, message: errorMessage(error) });
      },
    );
  }, [wanted, classifier, lesionId, key, busy, inputFor]);

  // An explanation of other ROIs, or of another lesion, is never shown.
  if (!enabled || state.state === 'idle' || state.lesionId !== lesionId || state.key !== key) return { state: 'idle' };
  return state;
}
