import { parseId } from '@flowgraph/shared';
import type { Context } from '../context.js';
import type { SubscriptionResolvers } from '../generated/resolvers-types.js';
import type { SpecificationReference } from '../mappers.js';

/**
 * The specifications of the caller's tenant whose metrics change from now on. Changes are merged
 * per specification until the client reads: a dashboard wants the metrics as they are, not every
 * step, so a slow client costs one pending entry per specification and never falls behind.
 */
function metricsChanges(ctx: Context, only: string | undefined): AsyncIterableIterator<SpecificationReference> {
  const pending = new Set<string>();
  let wake: (() => void) | undefined;
  let closed = false;
  const unlisten = ctx.feed.listen(({ tenantId, specificationId }) => {
    if (tenantId !== ctx.tenantId || (only && specificationId !== only)) return;
    pending.add(specificationId);
    wake?.();
  });
  const iterator: AsyncIterableIterator<SpecificationReference> = {
    next: async () => {
      while (!closed && pending.size === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      const [id] = pending;
      if (closed || id === undefined) return { done: true, value: undefined };
      pending.delete(id);
      return { done: false, value: { id } };
    },
    return: async () => {
      closed = true;
      unlisten();
      wake?.();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

export const subscriptionResolvers: SubscriptionResolvers = {
  specificationMetricsChanged: {
    subscribe: (_parent, args, ctx) => metricsChanges(ctx, args.specificationId ? parseId(args.specificationId, 'specificationId') : undefined),
    resolve: (specification: SpecificationReference, _args: unknown, ctx: Context) => {
      // The context lives as long as the subscription: read the metrics afresh for each change.
      ctx.loaders.specificationMetrics.clear(specification.id);
      return specification;
    },
  },
};
