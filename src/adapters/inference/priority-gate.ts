/**
 * Single inputs (a lesion being classified) go before batches (an explanation): a batch waits
 * between its passes while any single input is in flight, so a new classification waits for at
 * most the pass already running, not the whole explanation.
 */
export interface PriorityGate {
  /** Runs work that batches must let through first. */
  urgent<T>(work: () => Promise<T>): Promise<T>;
  /** Resolves once no urgent work is in flight. */
  clear(): Promise<void>;
}

export function priorityGate(): PriorityGate {
  let inFlight = 0;
  let allDone: Promise<void> = Promise.resolve();
  let release: (() => void) | null = null;
  return {
    urgent: async (work) => {
      if (inFlight++ === 0)
        allDone = new Promise((resolve) => {
          release = resolve;
        });
      try {
        return await work();
      } finally {
        if (--inFlight === 0) release?.();
      }
    },
    clear: async () => {
      while (inFlight > 0) await allDone;
    },
  };
}
