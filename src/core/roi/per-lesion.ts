/**
 * Whatever is derived from a lesion's ROIs (its alignment, probabilities, HU readings,
 * explanation) goes through this one mechanism: derived once per `key` (what it depends on),
 * started only when the lesion is ready, stopped when the key changes or the lesion goes, and
 * never shown for a key that is no longer the lesion's.
 */
import type { Lesion } from './lesion';

export type Derived<T> =
  /** The lesion had a value, for ROIs it no longer has: a new one is not there yet. */
  | { readonly state: 'pending'; readonly key: string }
  | { readonly state: 'running'; readonly key: string }
  | { readonly state: 'done'; readonly key: string; readonly value: T }
  | { readonly state: 'error'; readonly key: string; readonly error: unknown };

export interface Derivation<T> {
  /** What the value depends on (an ROI signature): derived again only when it changes. */
  key(lesion: Lesion): string;
  /** False while nothing may start (an ROI still dragged, still aligning): a stale job is stopped. */
  ready(lesion: Lesion): boolean;
  /** `signal` aborts once the key changed, the lesion went, or everything stopped. */
  derive(lesion: Lesion, key: string, signal: AbortSignal): Promise<T>;
}

/** The key of a job stopped before it ended: no lesion's key. */
const STOPPED = '\u0000stopped';

interface Job<T> {
  readonly key: string;
  readonly stop: AbortController;
  entry: Derived<T>;
}

export class PerLesion<T> {
  private readonly jobs = new Map<string, Job<T>>();
  private readonly listeners = new Set<() => void>();
  private changes = 0;
  private shown: {
    lesions: readonly Lesion[];
    key: Derivation<T>['key'];
    changes: number;
    results: ReadonlyMap<string, Derived<T>>;
  } | null = null;

  /** Calls `listener` whenever an entry changes (never during `update`); returns the unsubscribe. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /** Counts the changes: what a view compares to know it must read the results again. */
  readonly version = (): number => this.changes;

  /** Starts what the lesions now need, and stops what they no longer do. */
  update(lesions: readonly Lesion[], derivation: Derivation<T>): void {
    const ids = new Set<string>();
    for (const lesion of lesions) {
      ids.add(lesion.id);
      const key = derivation.key(lesion);
      const job = this.jobs.get(lesion.id);
      if (job?.key === key) continue;
      if (derivation.ready(lesion)) this.start(lesion, key, derivation);
      else if (job?.entry.state === 'running') {
        // Stopped half way: nothing of it may be reused, but the lesion still shows it had a value.
        job.stop.abort();
        this.jobs.set(lesion.id, { key: STOPPED, stop: job.stop, entry: { state: 'pending', key: STOPPED } });
      }
    }
    for (const [id, job] of this.jobs) {
      if (ids.has(id)) continue;
      job.stop.abort();
      this.jobs.delete(id);
    }
  }

  /**
   * Each lesion's value for its ROIs as they are now, in the lesions' order; `pending` for a
   * lesion whose value was for other ROIs; nothing for one never derived.
   */
  results(lesions: readonly Lesion[], derivation: Pick<Derivation<T>, 'key'>): ReadonlyMap<string, Derived<T>> {
    const { shown } = this;
    // The same answer for the same question: what views depend on keeps its identity.
    if (shown?.lesions === lesions && shown.key === derivation.key && shown.changes === this.changes)
      return shown.results;
    const results = new Map(
      lesions.flatMap((lesion): [string, Derived<T>][] => {
        const job = this.jobs.get(lesion.id);
        if (job === undefined) return [];
        const key = derivation.key(lesion);
        return [[lesion.id, job.key === key ? job.entry : { state: 'pending', key }]];
      }),
    );
    this.shown = { lesions, key: derivation.key, changes: this.changes, results };
    return results;
  }

  /** Stops every job; a later `update` starts what is needed again. */
  stop(): void {
    for (const job of this.jobs.values()) job.stop.abort();
    this.jobs.clear();
    this.changed();
  }

  private changed(): void {
    this.changes++;
    for (const listener of [...this.listeners]) listener();
  }

  private start(lesion: Lesion, key: string, derivation: Derivation<T>): void {
    this.jobs.get(lesion.id)?.stop.abort();
    const job: Job<T> = { key, stop: new AbortController(), entry: { state: 'running', key } };
    this.jobs.set(lesion.id, job);
    const settle = (entry: Derived<T>): void => {
      if (this.jobs.get(lesion.id) !== job || job.stop.signal.aborted) return;
      job.entry = entry;
      this.changed();
    };
    // Started after the caller's update: a derivation may answer at once.
    queueMicrotask(() => {
      if (job.stop.signal.aborted) return;
      this.changed();
      derivation.derive(lesion, key, job.stop.signal).then(
        (value) => {
          settle({ state: 'done', key, value });
        },
        (error: unknown) => {
          settle({ state: 'error', key, error });
        },
      );
    });
  }
}
