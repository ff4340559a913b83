import { DateTimeScalar, notFound, pageSize, parseId } from '@flowgraph/shared';
import { creatorReference, specificationReference, toGraphQLVisibility } from '../domain/visibility.js';
import type { Resolvers } from '../generated/resolvers-types.js';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    templates: (_parent, { category, first }, ctx) => {
      const limit = pageSize(first);
      return ctx.viewerTenantId ? ctx.templates.browse({ viewerTenantId: ctx.viewerTenantId, category, limit }) : [];
    },
    template: async (_parent, { id }, ctx) => {
      const template = await ctx.loaders.template.load(parseId(id));
      // Missing and invisible read the same, so ids of other tenants' private templates cannot be probed.
      if (!template) throw notFound('Template', id);
      return template;
    },
    templateCategories: (_parent, _args, ctx) => (ctx.viewerTenantId ? ctx.templates.categories(ctx.viewerTenantId) : []),
  },
  Template: {
    __resolveReference: (reference, ctx) => ctx.loaders.template.load(reference.id.toLowerCase()),
    visibility: (template) => toGraphQLVisibility(template.visibility),
    creator: (template, _args, ctx) => creatorReference(template, ctx.viewerTenantId),
    specification: (template, _args, ctx) => specificationReference(template, ctx.viewerTenantId),
  },
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
