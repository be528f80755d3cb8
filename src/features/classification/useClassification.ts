import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  isBackendName,
  type BackendName,
  load,
  parseThreadsParam,
  type ResilientClassifier,
} from '../../adapters/inference';
import type { BrowserFileSource } from '../../adapters/files';
import { errorMessage } from '../../core/error-message';
import type { Phase } from '../../core/labels';
import { readOutput, type Reading } from '../../core/model/reading';
import { SHIPPED_MODEL_ID } from '../../core/model/shipped';
import { freshPerLesion } from '../../core/roi/fresh-per-lesion';
import { roiSignature, type Lesion } from '../../core/roi/lesion';
import type { RoiHuStats } from '../../core/roi/roi-stats';
import type { StudySeries } from '../../core/study/read-study';
import { MissingInput, lesionInput } from './lesion-input';

export interface LesionResult {
  readonly state: 'pending' | 'running' | 'done' | 'error';
  /** Calibrated probability per lesion class (the manifest's `classes` order): `reading.probabilities`. */
  readonly probabilities?: readonly number[];
  /** What the page answers: a lesion class, or none with the reason (reading.ts). */
  readonly reading?: Reading;
  readonly ms?: number;
  readonly message?: string;
  /** HU inside the ROI per phase the model read (lesion-input.ts). */
  readonly huStats?: Partial<Record<Phase, RoiHuStats>>;
  /** The ROIs this result is for (`roiSignature`): a result for ROIs since moved is not shown. */
  readonly key?: string;
}

export type ModelStatus =
  | { readonly state: 'loading'; readonly backend?: undefined }
  | {
      readonly state: 'ready';
      readonly classifier: ResilientClassifier;
      readonly backend: BackendName;
      readonly lastMs?: number;
      /** Why inference left the backend it loaded on (a lost GPU device). */
      readonly fallback?: string;
      /** The classifier's worker stopped and was replaced (resilient.ts). */
      readonly incident?: string;
    }
  | { readonly state: 'error'; readonly message: string; readonly backend?: undefined };

function requestedBackend(): BackendName | undefined {
  const requested = new URLSearchParams(location.search).get('backend');
  return isBackendName(requested) ? requested : undefined;
}

/** WASM's thread count where the URL sets one (`?threads=N`, for measuring 1 against N). */
const REQUESTED_THREADS = parseThreadsParam(new URLSearchParams(location.search).get('threads'));

const MANIFEST_URL = `${import.meta.env.BASE_URL}models/${SHIPPED_MODEL_ID}/manifest.json`;

/** How long ROIs must stay unchanged before they are classified, unless they are known to be final. */
const SETTLE_MS = 250;

/** Loads the shipped model once, and classifies each lesion whenever its ROIs settle. */
export function useClassification(
  lesions: readonly Lesion[],
  byPhase: Partial<Record<Phase, StudySeries>>,
  sources: ReadonlyMap<string, BrowserFileSource>,
) {
  const [status, setStatus] = useState<ModelStatus>({ state: 'loading' });
  const [results, setResults] = useState<ReadonlyMap<string, LesionResult>>(new Map());
  const [preference, setPreference] = useState<BackendName | undefined>(requestedBackend);
  const done = useRef(new Map<string, string>());
  /** The model input each lesion was last classified from: what its explanation must explain. */
  const inputs = useRef(new Map<string, { key: string; input: Float32Array }>());
  const queue = useRef(Promise.resolve());
  /** Lesions whose alignment was under way when last seen: once it ends, their ROIs are final. */
  const aligned = useRef(new Set<string>());

  // Another backend chosen: loading again, from this render on.
  const [loadingFor, setLoadingFor] = useState(preference);
  if (loadingFor !== preference) {
    setLoadingFor(preference);
    setStatus({ state: 'loading' });
  }

  useEffect(() => {
    let cancelled = false;
    let loaded: ResilientClassifier | null = null;
    load(MANIFEST_URL, { backend: preference, threads: REQUESTED_THREADS }).then(
      (classifier) => {
        if (cancelled) classifier.dispose();
        else {
          loaded = classifier;
          // Every lesion is classified again on the new backend.
          done.current.clear();
          setResults(new Map());
          setStatus({ state: 'ready', classifier, backend: classifier.backend });
        }
      },
      (error: unknown) => {
        if (!cancelled) setStatus({ state: 'error', message: errorMessage(error) });
      },
    );
    return () => {
      cancelled = true;
      loaded?.dispose();
    };
  }, [preference]);

  /** The settings' backend choice; kept in the URL so a reload keeps it. */
  const chooseBackend = useCallback((backend: BackendName | undefined) => {
    const url = new URL(location.href);
    if (backend === undefined) url.searchParams.delete('backend');
    else url.searchParams.set('backend', backend);
    history.replaceState(history.state, '', url);
    setPreference(backend);
  }, []);

  useEffect(() => {
    for (const lesion of lesions) if (lesion.aligning === true) aligned.current.add(lesion.id);
    if (status.state !== 'ready') return;
    const { classifier } = status;
    const phases = classifier.manifest.phases;
    const changed = lesions.filter(
      (lesion) => lesion.aligning !== true && done.current.get(lesion.id) !== roiSignature(lesion, phases),
    );
    // ROIs whose phases were just aligned are final: answer at once. Anything else may be a
    // handle still being dragged, which changes many times a second: wait for a pause.
    const final = changed.length > 0 && changed.every((lesion) => aligned.current.has(lesion.id));
    const timer = window.setTimeout(
      () => {
        for (const lesion of lesions) {
          if (lesion.aligning === true) continue;
          const key = roiSignature(lesion, phases);
          if (done.current.get(lesion.id) === key) continue;
          done.current.set(lesion.id, key);
          aligned.current.delete(lesion.id);
          setResults((prev) => new Map(prev).set(lesion.id, { state: 'running', key }));
          // One inference at a time: the backend is shared, and the first result comes sooner.
          queue.current = queue.current.then(async () => {
            try {
              const { input, huStats, roiMeans } = await lesionInput(lesion, byPhase, sources, classifier.manifest);
              const { probabilities: outputs, ms, backend, fallback } = await classifier.classify(input);
              const reading = readOutput(outputs, classifier.manifest.reading, roiMeans);
              const { incident } = classifier;
              setStatus((prev) =>
                prev.state === 'ready'
                  ? {
                      ...prev,
                      lastMs: ms,
                      backend,
                      ...(fallback === undefined ? {} : { fallback }),
                      ...(incident === undefined ? {} : { incident }),
                    }
                  : prev,
              );
              if (done.current.get(lesion.id) !== key) return;
              inputs.current.set(lesion.id, { key, input });
              setResults((prev) =>
                new Map(prev).set(lesion.id, {
                  state: 'done',
                  probabilities: reading.probabilities,
                  reading,
                  ms,
                  huStats,
                  key,
                }),
              );
            } catch (error) {
              const message = error instanceof MissingInput ? error.message : `failed: ${errorMessage(error)}`;
              if (done.current.get(lesion.id) === key)
                setResults((prev) => new Map(prev).set(lesion.id, { state: 'error', message, key }));
            }
          });
        }
        const ids = new Set(lesions.map((l) => l.id));
        for (const id of done.current.keys()) if (!ids.has(id)) done.current.delete(id);
      },
      final ? 0 : SETTLE_MS,
    );
    return () => {
      window.clearTimeout(timer);
    };
  }, [lesions, byPhase, sources, status]);

  const current = useMemo(() => {
    if (status.state !== 'ready') return results;
    return freshPerLesion(lesions, results, status.classifier.manifest.phases, (): LesionResult => ({
      state: 'pending',
    }));
  }, [lesions, results, status]);

  /** The input behind a lesion's shown result (same ROIs), for its explanation. */
  const inputFor = useCallback((id: string, key: string): Float32Array | undefined => {
    const entry = inputs.current.get(id);
    return entry?.key === key ? entry.input : undefined;
  }, []);

  return { status, results: current, preference, chooseBackend, inputFor };
}
