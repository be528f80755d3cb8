/**
 * Model weights fetched a few at a time, each body read whole before its promise resolves.
 * tfjs 4.22 starts every shard's request and only then reads the bodies; over HTTP/1.1 a browser
 * keeps at most six connections per host, and a response whose body is never read holds its
 * connection. With more shards than connections and a server that forbids caching (no-store),
 * the later requests wait for connections that never free, and loading never ends.
 */
export const MAX_MODEL_REQUESTS = 4;

export function boundedFetch(fetchFn: typeof fetch, limit = MAX_MODEL_REQUESTS): typeof fetch {
  let running = 0;
  const waiting: (() => void)[] = [];
  const slot = async (): Promise<void> => {
    if (running < limit) {
      running++;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next === undefined) running--;
    else next();
  };
  return async (input, init) => {
    await slot();
    try {
      const response = await fetchFn(input, init);
      // Read here, inside the slot: the connection is free again before the next request starts.
      const body = await response.arrayBuffer();
      return new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    } finally {
      release();
    }
  };
}
