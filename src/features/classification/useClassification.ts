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
import type { LesionResult } from '../../core/model/lesion-result';
import { readOutput, type Reading } from '../../core/model/reading';
import { SHIPPED_MODEL_ID } from '../../core/model/shipped';
import { usePerLesion } from '../../adapters/react';
import type { ModelReads } from '../../core/roi/model-reads';
import type { Derivation, Derived } from '../../core/roi/per-lesion';
import { isAligning, roiSignature, type Lesion } from '../../core/roi/lesion';
import type { StudySeries } from '../../core/study/read-study';
import { MissingInput, lesionInput } from './lesion-input';

export type { LesionResult } from '../../core/model/lesion-result';

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

/** What the model gave for a lesion's ROIs, with the input it read (what its explanation explains). */
interface Classified {
  readonly reading: Reading;
  readonly ms: number;
  readonly input: Float32Array;
}

function lesionResult(entry: Derived<Classified>): LesionResult {
  switch (entry.state) {
    case 'pending':
    case 'running':
      return { state: entry.state, key: entry.key };
    case 'done': {
      const { reading, ms } = entry.value;
      return { state: 'done', probabilities: reading.probabilities, reading, ms, key: entry.key };
    }
    case 'error': {
      const { error } = entry;
      const message = error instanceof MissingInput ? error.message : `failed: ${errorMessage(error)}`;
      return { state: 'error', message, key: entry.key };
    }
  }
}

/** Loads the shipped model once, and classifies each lesion once its ROIs are final (aligned, released). */
export function useClassification(
  lesions: readonly Lesion[],
  byPhase: Partial<Record<Phase, StudySeries>>,
  sources: ReadonlyMap<string, BrowserFileSource>,
  modelReads: ModelReads,
) {
  const [status, setStatus] = useState<ModelStatus>({ state: 'loading' });
  const [preference, setPreference] = useState<BackendName | undefined>(requestedBackend);

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
          // Every lesion is classified again on the new backend (a new classifier, a new scope).
          loaded = classifier;
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

  const classifier = status.state === 'ready' ? status.classifier : null;
  // What waits for the model's reading of a lesion waits only while a model can read it.
  useEffect(() => {
    modelReads.setActive(classifier !== null);
  }, [modelReads, classifier]);
  /** One inference at a time: the backend is shared, and the first result comes sooner. */
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const classification = useMemo<Derivation<Classified>>(() => {
    const phases = classifier?.manifest.phases ?? [];
    return {
      key: (lesion) => roiSignature(lesion, phases),
      // The model's phases still aligning, or an ROI dragged: its ROIs are not final yet. Other
      // phases (DL) may still be aligning: the model does not read them.
      ready: (lesion) => classifier !== null && !isAligning(lesion, phases) && lesion.dragging !== true,
      derive: (lesion, _key, signal) => {
        if (classifier === null) return Promise.reject(new Error('no model'));
        const run = queue.current.then(async (): Promise<Classified> => {
          signal.throwIfAborted();
          // User Timing spans, as the alignment's: the performance panel and `npm run bench:inference` show them.
          const cropsStart = performance.now();
          const { input, roiMeans } = await lesionInput(lesion, byPhase, sources, classifier.manifest);
          const modelStart = performance.now();
          performance.measure('classify: crops', { start: cropsStart, end: modelStart });
          const { probabilities: outputs, ms, backend, fallback } = await classifier.classify(input);
          performance.measure('classify: model', { start: modelStart, end: performance.now() });
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
          return { reading, ms, input };
        });
        queue.current = run.catch(() => undefined);
        void queue.current.then(() => {
          modelReads.settled(lesion.id);
        });
        return run;
      },
    };
  }, [classifier, byPhase, sources, modelReads]);
  const derived = usePerLesion(classification, lesions, classification);
  const current = useMemo(() => new Map([...derived].map(([id, entry]) => [id, lesionResult(entry)])), [derived]);

  /** The input behind a lesion's shown result (same ROIs), for its explanation. */
  const inputFor = useCallback(
    (id: string, key: string): Float32Array | undefined => {
      const entry = derived.get(id);
      return entry?.state === 'done' && entry.key === key ? entry.value.input : undefined;
    },
    [derived],
  );

  return { status, results: current, preference, chooseBackend, inputFor };
}
