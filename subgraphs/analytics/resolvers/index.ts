import { DateTimeScalar, notFound, pageSize } from '@flowgraph/shared';
import { averageCycleTimeSeconds, casesRunning } from '../domain/case-metrics.js';
import type { Resolvers } from '../generated/resolvers-types.js';
import { subscriptionResolvers } from './metrics-subscription.js';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    busiestSpecifications: async (_parent, { first }, ctx) => {
      const limit = pageSize(first, 5);
      if (!ctx.tenantId) return [];
      const rows = await ctx.metrics.busiest(ctx.tenantId, limit);
      // The rows are the metrics these specifications will be asked for next; spare the second query.
      for (const row of rows) ctx.loaders.specificationMetrics.prime(row.specificationId, row);
      return rows.map((row) => ({ id: row.specificationId }));
    },
  },
  Subscription: subscriptionResolvers,
  Specification: {
    // Any specification id is accepted: its metrics are read within the caller's tenant, so a foreign one reads as zeros.
    __resolveReference: (reference) => ({ id: reference.id }),
    metrics: (specification, _args, ctx) => ctx.loaders.specificationMetrics.load(specification.id),
  },
  SpecificationMetrics: {
    casesRunning: (row) => casesRunning(row),
    averageCycleTimeSeconds: (row) => averageCycleTimeSeconds(row),
  },
  Tenant: {
    // Only the caller's own tenant has metrics here; any other resolves to null rather than to zeros.
    __resolveReference: (reference, ctx) => (reference.id === ctx.tenantId ? { id: reference.id } : null),
    metrics: (tenant, _args, ctx) => {
      if (tenant.id !== ctx.tenantId) throw notFound('Tenant', tenant.id);
      return ctx.loaders.tenantMetrics.load(tenant.id);
    },
  },
};
