import type { Client, FormattedExecutionResult, SubscribePayload } from 'graphql-ws';
import { GraphQLError } from 'graphql';

/** Events a subscription may have waiting for its client before it is ended as a slow consumer. */
export const MAX_PENDING_EVENTS = 1_000;

export const slowConsumer = (max = MAX_PENDING_EVENTS) =>
  new GraphQLError(`More than ${max} events were waiting for this subscription; resubscribe from your last cursor`, {
    extensions: { code: 'SLOW_CONSUMER' },
  });

type Result<T> = FormattedExecutionResult<T, unknown>;

/**
 * An upstream graphql-ws subscription as an async iterator whose queue is bounded.
 * graphql-ws's own `iterate()` queues without limit; since the gateway writes to its client
 * only as fast as the client reads, a slow client would otherwise grow that queue forever.
 * Past `max` pending events the upstream is disposed and the iterator ends with SLOW_CONSUMER.
 */
export function boundedIterate<T>(client: Pick<Client, 'subscribe'>, payload: SubscribePayload, max = MAX_PENDING_EVENTS): AsyncIterableIterator<Result<T>> {
  const queue: Result<T>[] = [];
  let finished = false;
  let failure: unknown;
  let overflowed = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  // A client may deliver during `subscribe` itself, before its disposer exists: remember the request.
  const upstream: { dispose?: () => void; disposeRequested?: boolean } = {};
  const dispose = () => {
    upstream.disposeRequested = true;
    upstream.dispose?.();
  };
  upstream.dispose = client.subscribe<T>(payload, {
    next: (value) => {
      if (finished) return;
      if (queue.length >= max) {
        overflowed = true;
        finished = true;
        queue.length = 0;
        dispose();
      } else {
        queue.push(value);
      }
      notify();
    },
    error: (error) => {
      failure = error;
      finished = true;
      notify();
    },
    complete: () => {
      finished = true;
      notify();
    },
  });
  if (upstream.disposeRequested) upstream.dispose();

  const iterator: AsyncIterableIterator<Result<T>> = {
    async next() {
      for (;;) {
        const value = queue.shift();
        if (value) return { done: false, value };
        if (overflowed) {
          overflowed = false;
          return { done: false, value: { errors: [slowConsumer(max).toJSON()] } };
        }
        if (finished) {
          if (failure !== undefined) {
            const error = failure;
            failure = undefined;
            // eslint-disable-next-line @typescript-eslint/only-throw-error -- the upstream's failure as it reported it (an Error, a CloseEvent or GraphQL errors), for the consumer to read
            throw error;
          }
          return { done: true, value: undefined };
        }
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
    async return() {
      finished = true;
      queue.length = 0;
      dispose();
      notify();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
