import { GraphQLError } from 'graphql';

/** Events a subscription may hold unread before it is ended with SLOW_CONSUMER, unless configured otherwise (see WorkflowsOptions). */
export const SUBSCRIPTION_BUFFER_LIMIT = 1_000;

/** What a subscription's stream yields; `overflow` becomes a SLOW_CONSUMER error in `resolve`, then the stream ends. */
export type Delivery<T extends object> = T | { overflow: true };

export const isOverflow = <T extends object>(delivery: Delivery<T>): delivery is { overflow: true } => 'overflow' in delivery;

/** The error that ends a subscription whose client fell more than `limit` events behind; `remedy` tells them how to catch up. */
export function slowConsumer(remedy: string, limit: number): GraphQLError {
  return new GraphQLError(`More than ${limit} events were waiting for this subscription; ${remedy}`, {
    extensions: { code: 'SLOW_CONSUMER' },
  });
}

/**
 * Wraps the generator so that a client's `complete` (graphql-ws calls `return`) releases the
 * listener at once, even while the generator waits for the next event; `stop` also runs when
 * the stream ends or fails by itself.
 */
export function releasing<T>(stream: AsyncGenerator<T>, stop: () => void): AsyncIterableIterator<T> {
  const iterator: AsyncIterableIterator<T> = {
    next: async () => {
      try {
        const result = await stream.next();
        if (result.done) stop();
        return result;
      } catch (error) {
        stop();
        throw error;
      }
    },
    return: async () => {
      stop();
      await stream.return(undefined);
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
