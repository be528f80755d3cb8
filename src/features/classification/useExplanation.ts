import { useEffect, useState } from 'react';
import type { Explanation } from '../../core/explain/explain';
import { errorMessage } from '../../core/error-message';
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
 * (in its worker, on its backend) once the lesion is classified, and again whenever its ROIs
 * move. Only while `enabled`: it costs dozens of forward passes.
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

  useEffect(() => {
    if (!enabled || classifier === null || lesionId === null || key === undefined) return;
    const input = inputFor(lesionId, key);
    if (input === undefined) return;
    let cancelled = false;
    setState({ state: 'running', lesionId, key });
    classifier.explain(input).then(
      ({ explanation, ms, backend }) => {
        if (!cancelled) setState({ state: 'done', lesionId, key, explanation, ms, backend });
      },
      (error: unknown) => {
        if (!cancelled) setState({ state: 'error', lesionId, key, message: errorMessage(error) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [enabled, classifier, lesionId, key, inputFor]);

  // An explanation of other ROIs, or of another lesion, is never shown.
  if (!enabled || state.state === 'idle' || state.lesionId !== lesionId || state.key !== key) return { state: 'idle' };
  return state;
}
