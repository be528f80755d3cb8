/**
 * When the model has read a lesion, for work the model does not need: the page aligns an ROI's
 * other phases (DL) only after the model has read NC, ART and PV, so on a two-core laptop their
 * decoding and search do not take the cores the model's alignment and inference are waiting for.
 */
export interface ModelReads {
  /** Whether a model is loaded that reads lesions; while none is, nothing waits for it. */
  setActive(active: boolean): void;
  /** The model has read lesion `id`'s ROIs, or could not. */
  settled(id: string): void;
  /**
   * Resolves when lesion `id` is next settled; at once while no model is active; after
   * `limitMs` at most, so a reading that never comes holds nothing up for long.
   */
  next(id: string, limitMs: number): Promise<void>;
}

export function createModelReads(): ModelReads {
  let active = false;
  const waiting = new Map<string, (() => void)[]>();
  const wake = (id: string): void => {
    const resolvers = waiting.get(id) ?? [];
    waiting.delete(id);
    for (const resolve of resolvers) resolve();
  };
  return {
    setActive(value) {
      active = value;
      if (!active) for (const id of [...waiting.keys()]) wake(id);
    },
    settled: wake,
    next(id, limitMs) {
      if (!active) return Promise.resolve();
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          const left = (waiting.get(id) ?? []).filter((r) => r !== done);
          if (left.length > 0) waiting.set(id, left);
          else waiting.delete(id);
          resolve();
        }, limitMs);
        const done = (): void => {
          clearTimeout(timer);
          resolve();
        };
        waiting.set(id, [...(waiting.get(id) ?? []), done]);
      });
    },
  };
}
