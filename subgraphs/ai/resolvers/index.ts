import { DateTimeScalar, notFound, pageSize, parseId } from '@flowgraph/shared';
import type { GenerationStatus, Resolvers } from '../generated/resolvers-types.js';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    workflowGenerations: (_parent, { first }, ctx) => (ctx.auth.kind === 'user' ? ctx.generations.list(ctx.auth.tenantId, pageSize(first)) : []),
    workflowGeneration: async (_parent, { id }, ctx) => {
      const row = await ctx.loaders.generation.load(parseId(id));
      if (!row) throw notFound('WorkflowGeneration', id);
      return row;
    },
  },
  WorkflowGeneration: {
    __resolveReference: (reference, ctx) => ctx.loaders.generation.load(reference.id),
    status: (row) => row.status.toUpperCase() as GenerationStatus,
    requestedBy: (row) => ({ id: row.requestedBy }),
    specification: (row) => (row.specificationId ? { id: row.specificationId } : null),
  },
  User: {
    workflowGenerations: (user, _args, ctx) => ctx.loaders.generationsByRequester.load(user.id),
  },
};
