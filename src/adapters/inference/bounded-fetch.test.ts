import { describe, expect, it } from 'vitest';
import { boundedFetch } from './bounded-fetch';

/**
 * A browser's HTTP/1.1 connection pool in miniature: `connections` requests at a time; a
 * response holds its connection until its body has been read.
 */
function pooledServer(connections: number) {
  let open = 0;
  let maxOpen = 0;
  const queue: (() => void)[] = [];
  const fetchFn = (async (input: RequestInfo | URL) => {
    if (open >= connections) await new Promise<void>((resolve) => queue.push(resolve));
    open++;
    maxOpen = Math.max(maxOpen, open);
    const name = input instanceof Request ? input.url : input instanceof URL ? input.href : input;
    const stream = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          controller.enqueue(new TextEncoder().encode(name));
          controller.close();
          open--;
          queue.shift()?.();
        },
        // Nothing is pulled until someone reads the body.
      },
      { highWaterMark: 0 },
    );
    return new Response(stream, { status: 200 });
  }) as typeof fetch;
  return { fetchFn, maxOpen: () => maxOpen };
}

/** What tfjs does with weight shards: start every request, then read every body. */
async function loadLikeTfjs(fetchFn: typeof fetch, shards: number): Promise<string[]> {
  const responses = await Promise.all(Array.from({ length: shards }, (_, i) => fetchFn(`shard-${String(i)}`)));
  return Promise.all(responses.map((r) => r.text()));
}

const within = <T>(promise: Promise<T>, ms: number): Promise<T | 'timed out'> =>
  Promise.race([
    promise,
    new Promise<'timed out'>((resolve) =>
      setTimeout(() => {
        resolve('timed out');
      }, ms),
    ),
  ]);

describe('fetching many weight shards', () => {
  it('never finishes with more shards than connections when each body waits to be read', async () => {
    const server = pooledServer(6);
    expect(await within(loadLikeTfjs(server.fetchFn, 12), 200)).toBe('timed out');
  });

  it('finishes through the bounded fetch, with every shard read and at most four requests open', async () => {
    const server = pooledServer(6);
    const bodies = await within(loadLikeTfjs(boundedFetch(server.fetchFn), 23), 2000);
    expect(bodies).toEqual(Array.from({ length: 23 }, (_, i) => `shard-${String(i)}`));
    expect(server.maxOpen()).toBeLessThanOrEqual(4);
  });

  it('passes the status through, so a missing shard is still an error', async () => {
    const missing = (() => Promise.resolve(new Response('not found', { status: 404 }))) as typeof fetch;
    const response = await boundedFetch(missing)('shard-1');
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('not found');
  });
});
