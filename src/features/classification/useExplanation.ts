import { useEffect, useMemo } from 'react';
import type { ExplanationResult } from '../../adapters/inference';
import { usePerLesion } from '../../adapters/react';
import type { Explanation } from '../../core/explain/explain';
import { errorMessage } from '../../core/error-message';
import { shownOutput } from '../../core/model/reading';
import { isAligning, type Lesion } from '../../core/roi/lesion';
import type { Derivation } from '../../core/roi/per-lesion';
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

const NO_LESIONS: readonly Lesion[] = [];
const HOLD_GRACE_MS = 100;

/**
 * The occlusion explanation of the selected lesion's classification, computed by the classifier
 * (in its worker, on its backend) once the lesion is classified and no other lesion is waiting
 * for the model (classification comes first), and again whenever its ROIs move. An explanation
 * no longer wanted (another lesion selected, ROIs moved, heatmap off) is stopped in the worker.
 * It also waits between its forward passes from the moment a button goes down on a viewport
 * (`pressed`: maybe a new ROI being drawn) until no lesion is being aligned or classified, so those
 * have the cores to themselves: a pass takes a few hundred ms on WASM, and the drawing gives the
 * one under way time to end.
 */
export function useExplanation(
  status: ModelStatus,
  results: ReadonlyMap<string, LesionResult>,
  inputFor: (id: string, key: string) => Float32Array | undefined,
  lesion: Lesion | undefined,
  enabled: boolean,
  allLesions: readonly Lesion[],
  pressed: boolean,
): ExplanationState {
  const classifier = status.state === 'ready' ? status.classifier : null;
  const busy = [...results.values()].some((r) => r.state === 'running' || r.state === 'pending');
  const held = pressed || busy || allLesions.some((l) => isAligning(l) || l.dragging === true);
  useEffect(() => {
    if (classifier === null || !held) return;
    const release = classifier.hold();
    return () => {
      // A drawn ROI becomes an aligning lesion a moment after the button comes up: without the
      // grace, a pass could start in between and run beside its alignment.
      setTimeout(release, HOLD_GRACE_MS);
    };
  }, [classifier, held]);
  const explanation = useMemo<Derivation<ExplanationResult>>(() => {
    /** What the explanation is of: the lesion's classification, as shown now. */
    const classified = (l: Lesion): string => {
      const result = results.get(l.id);
      return result?.state === 'done' && result.key !== undefined ? result.key : '';
    };
    const shown = (l: Lesion): number | undefined => {
      const reading = results.get(l.id)?.reading;
      return reading === undefined ? undefined : shownOutput(reading);
    };
    return {
      key: classified,
      ready: (l) => !busy && inputFor(l.id, classified(l)) !== undefined && shown(l) !== undefined,
      derive: (l, key, signal) => {
        const input = inputFor(l.id, key);
        const output = shown(l);
        if (classifier === null || input === undefined || output === undefined)
          return Promise.reject(new Error('not classified'));
        return classifier.explain(input, output, signal);
      },
    };
  }, [classifier, results, busy, inputFor]);
  const lesions = useMemo(
    () => (enabled && classifier !== null && lesion !== undefined ? [lesion] : NO_LESIONS),
    [enabled, classifier, lesion],
  );
  const entry = usePerLesion(classifier, lesions, explanation).get(lesion?.id ?? '');

  // An explanation of other ROIs, or of another lesion, is never shown.
  if (lesion === undefined || entry === undefined || entry.key === '') return { state: 'idle' };
  const { id: lesionId } = lesion;
  switch (entry.state) {
    case 'pending':
      return { state: 'idle' };
    case 'running':
      return { state: 'running', lesionId, key: entry.key };
    case 'done':
      return { state: 'done', lesionId, key: entry.key, ...entry.value };
    case 'error':
      return { state: 'error', lesionId, key: entry.key, message: errorMessage(entry.error) };
  }
}
