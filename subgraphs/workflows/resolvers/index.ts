import { DateTimeScalar, notFound, pageSize, parseId } from '@flowgraph/shared';
import type { Resolvers } from '../generated/resolvers-types.js';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    specifications: (_parent, { first }, ctx) => (ctx.auth.kind === 'user' ? ctx.specifications.list(ctx.auth.tenantId, pageSize(first)) : []),
    specification: async (_parent, { id }, ctx) => {
      const row = await ctx.loaders.specification.load(parseId(id));
      if (!row) throw notFound('Specification', id);
      return row;
    },
  },
  Specification: {
    __resolveReference: (reference, ctx) => ctx.loaders.specification.load(reference.id),
    createdBy: (spec) => ({ id: spec.createdBy }),
  },
  User: {
    specifications: (user, _args, ctx) => ctx.loaders.specificationsByCreator.load(user.id),
  },
};
