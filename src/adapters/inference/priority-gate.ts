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
  /** Holds batches back, as urgent work would, until the returned function is called. */
  hold(): () => void;
}

export function priorityGate(): PriorityGate {
  let inFlight = 0;
  let allDone: Promise<void> = Promise.resolve();
  let release: (() => void) | null = null;
  const urgent = async <T>(work: () => Promise<T>): Promise<T> => {
    if (inFlight++ === 0)
      allDone = new Promise((resolve) => {
        release = resolve;
      });
    try {
      return await work();
    } finally {
      if (--inFlight === 0) release?.();
    }
  };
  return {
    urgent,
    clear: async () => {
      while (inFlight > 0) await allDone;
    },
    hold: () => {
      let end: () => void = () => undefined;
      void urgent(
        () =>
          new Promise<void>((resolve) => {
            end = resolve;
          }),
      );
      return () => {
        end();
      };
    },
  };
}
