import { DateTimeScalar, pageSize, parseId } from '@flowgraph/shared';
import { commerceMutations, commerceQueries, commerceTypes } from './commerce.js';
import { catalogMutations, catalogQueries, templateResolvers } from './catalog.js';
import type { Resolvers } from '../generated/resolvers-types.js';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: { ...catalogQueries, ...commerceQueries },
  Mutation: { ...catalogMutations, ...commerceMutations },
  Template: templateResolvers,
  ...commerceTypes,
  User: {
    // Identity owns users; here one is just an id to hang templates on.
    __resolveReference: (reference) => ({ id: reference.id }),
    templates: (user, _args, ctx) => ctx.loaders.templatesByCreator.load(user.id),
  },
  Specification: {
    // Workflows owns specifications; here one is just an id to hang templates on.
    __resolveReference: (reference) => reference,
    templates: (specification, _args, ctx) => ctx.loaders.templatesBySpecification.load(specification.id),
  },
};

export { pageSize, parseId };
