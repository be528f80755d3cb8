/**
 * A classifier that survives its worker. A worker can die after loading (a crash, the browser
 * reclaiming memory, a tab put to sleep) and then answers nothing: every later lesion would stay
 * "classifying…" for ever. Here each request races the runner's own death notice (the worker's
 * error event) and a deadline; when either fires, the runner is dropped, a new worker is started
 * once, and if that fails or dies too the model runs in the page. The requests that were waiting
 * are sent again to the new runner, so every lesion gets its answer, and `incident` says what
 * happened, for the page's banner.
 */
import type { ModelManifest } from '../../core/model/manifest';
import type { BackendName, PassedOver } from './backends';
import type { Classification, ExplanationResult, LesionClassifier } from './classifier';

/** One way of running the model: a worker, or the page. */
export interface Runner {
  readonly manifest: ModelManifest;
  readonly backend: BackendName;
  readonly passedOver: readonly PassedOver[];
  readonly threads: number;
  readonly thread: 'worker' | 'page';
  classify(input: Float32Array): Promise<Classification>;
  explain(input: Float32Array, output: number, signal?: AbortSignal): Promise<ExplanationResult>;
  hold(): () => void;
  dispose(): void;
  /** Resolves with the reason when the runner stops by itself (never, for the page). */
  readonly died: Promise<string>;
}

export interface Recovery {
  /** A new worker with the same model. */
  restart(): Promise<Runner>;
  /** The model in the page: the last resort. */
  inPage(): Promise<Runner>;
}

export interface Deadlines {
  /** The least time a classification of one input may take before its runner counts as lost, ms (× the manifest's views). */
  readonly classifyMs: number;
  /** The least time an explanation (many forward passes) may take, ms. */
  readonly explainMs: number;
  /** Deadlines grow to this many times the slowest classification seen (a slow backend is not a dead one). */
  readonly slowFactor: number;
}

export const DEFAULT_DEADLINES: Deadlines = { classifyMs: 15_000, explainMs: 120_000, slowFactor: 20 };

/** The runner stopped answering: what was asked of it is asked again of its successor. */
class RunnerLost extends Error {}

export interface ResilientClassifier extends LesionClassifier {
  /** What went wrong with the classifier's thread and what was done about it; undefined while all is well. */
  readonly incident: string | undefined;
}

export function resilient(
  first: Runner,
  recovery: Recovery,
  manifestUrl: string,
  deadlines: Deadlines = DEFAULT_DEADLINES,
): ResilientClassifier {
  let current = first;
  let replacing: Promise<Runner> | null = null;
  let restarted = false;
  let disposed = false;
  let incident: string | undefined;
  let slowestMs = 0;

  const deadline = (leastMs: number): number => Math.max(leastMs, deadlines.slowFactor * slowestMs);

  /** The operation's answer, unless the runner dies or stays silent past the deadline first. */
  function guarded<T>(runner: Runner, operation: Promise<T>, ms: number): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const silent = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new RunnerLost(`no answer in ${Math.round(ms / 1000)} s`));
      }, ms);
    });
    const died = runner.died.then((reason) => {
      throw new RunnerLost(reason);
    });
    return Promise.race([operation, silent, died]).finally(() => {
      clearTimeout(timer);
    });
  }

  /** The runner that replaces `lost`, started once however many requests noticed the loss. */
  function replace(lost: Runner, reason: string): Promise<Runner> {
    if (lost !== current) return replacing ?? Promise.resolve(current);
    if (replacing !== null) return replacing;
    lost.dispose();
    const started = async (): Promise<Runner> => {
      if (lost.thread === 'worker' && !restarted) {
        restarted = true;
        try {
          const next = await recovery.restart();
          incident = `the classifier's worker stopped (${reason}); it was restarted and the waiting lesions were classified again`;
          return next;
        } catch {
          // A worker that cannot start again will not: the page is next.
        }
      }
      const next = await recovery.inPage();
      incident = `the classifier's worker stopped (${reason}); the model now runs in the page, which may pause while it works`;
      return next;
    };
    replacing = started().then(
      (next) => {
        current = next;
        replacing = null;
        if (disposed) next.dispose();
        return next;
      },
      (error: unknown) => {
        replacing = null;
        throw error;
      },
    );
    return replacing;
  }

  async function attempt<T>(run: (runner: Runner) => Promise<T>, leastMs: number): Promise<T> {
    // A worker, its one restart, then the page: three runners at most.
    for (let tries = 0; tries < 3; tries++) {
      const runner = replacing === null ? current : await replacing;
      if (disposed) throw new Error('the classifier was closed');
      try {
        return await guarded(runner, run(runner), deadline(leastMs));
      } catch (error) {
        if (!(error instanceof RunnerLost)) throw error;
        await replace(runner, error.message);
      }
    }
    throw new Error('the classifier stopped three times');
  }

  return {
    get manifest() {
      return current.manifest;
    },
    get backend() {
      return current.backend;
    },
    get passedOver() {
      return current.passedOver;
    },
    get threads() {
      return current.threads;
    },
    get thread() {
      return current.thread;
    },
    get incident() {
      return incident;
    },
    manifestUrl,
    classify: async (input) => {
      // A classification passes the manifest's test-time views: as many inputs' time.
      const result = await attempt((runner) => runner.classify(input), deadlines.classifyMs * current.manifest.views);
      slowestMs = Math.max(slowestMs, result.ms);
      return result;
    },
    explain: (input, output, signal) => attempt((runner) => runner.explain(input, output, signal), deadlines.explainMs),
    // The runner now in use is held, and released however many runners later.
    hold: () => current.hold(),
    dispose: () => {
      disposed = true;
      current.dispose();
    },
  };
}
