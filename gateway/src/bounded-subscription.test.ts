import type { Client, Sink } from 'graphql-ws';
import { describe, expect, it } from 'vitest';
import { boundedIterate } from './bounded-subscription.js';

/** An upstream that pushes `count` events at once, faster than anyone reads. */
function floodingClient(count: number) {
  let disposed = false;
  const client: Pick<Client, 'subscribe'> = {
    subscribe: <T>(_payload: unknown, sink: Sink<{ data: T }>) => {
      for (let i = 0; i < count && !disposed; i++) sink.next({ data: { n: i } as T });
      return () => {
        disposed = true;
      };
    },
  };
  return { client, disposed: () => disposed };
}

describe('boundedIterate', () => {
  it('delivers events in order while the reader keeps up', async () => {
    const { client } = floodingClient(5);
    const seen: unknown[] = [];
    const iterator = boundedIterate<{ n: number }>(client, { query: 'subscription { x }' }, 10);
    for (let i = 0; i < 5; i++) seen.push((await iterator.next()).value);
    expect(seen).toEqual([0, 1, 2, 3, 4].map((n) => ({ data: { n } })));
    await iterator.return?.();
  });

  it('ends a subscription whose reader falls more than the limit behind with SLOW_CONSUMER, and drops the upstream', async () => {
    const { client, disposed } = floodingClient(10_000);
    const iterator = boundedIterate<{ n: number }>(client, { query: 'subscription { x }' }, 100);
    const first = await iterator.next();
    expect(first.value).toMatchObject({ errors: [{ extensions: { code: 'SLOW_CONSUMER' } }] });
    expect((await iterator.next()).done).toBe(true);
    expect(disposed()).toBe(true);
  });
});
