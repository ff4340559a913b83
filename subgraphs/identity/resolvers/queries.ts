import { notFound, parseId } from '@flowgraph/shared';
import type { Resolvers, Role } from '../generated/resolvers-types.js';

export const toGraphQLRole = (role: 'admin' | 'user' | 'viewer'): Role => role.toUpperCase() as Role;

export const queryResolvers: Resolvers = {
  Query: {
    me: (_parent, _args, ctx) => (ctx.auth.kind === 'user' ? ctx.loaders.user.load(ctx.auth.userId) : null),
    user: async (_parent, { id }, ctx) => {
      const user = await ctx.loaders.user.load(parseId(id));
      if (!user) throw notFound('User', id);
      return user;
    },
    users: (_parent, _args, ctx) => (ctx.auth.kind === 'user' ? ctx.repo.usersOfTenant(ctx.auth.tenantId) : []),
    tenant: async (_parent, _args, ctx) => (ctx.auth.kind === 'user' ? ((await ctx.repo.tenantById(ctx.auth.tenantId)) ?? null) : null),
  },
  User: {
    __resolveReference: (reference, ctx) => ctx.loaders.user.load(reference.id),
    role: (user) => toGraphQLRole(user.role),
    tenant: async (user, _args, ctx) => {
      // The parent user already passed the tenant check, so its own tenant is visible.
      const tenant = await ctx.repo.tenantById(user.tenantId);
      if (!tenant) throw notFound('Tenant', user.tenantId);
      return tenant;
    },
  },
  PublicProfile: {
    __resolveReference: (reference, ctx) => ctx.loaders.publicProfile.load(reference.id),
  },
  Tenant: {
    // A tenant is visible only to its own members.
    __resolveReference: async (reference, ctx) =>
      ctx.auth.kind === 'user' && ctx.auth.tenantId === reference.id ? ((await ctx.repo.tenantById(reference.id)) ?? null) : null,
    users: (tenant, _args, ctx) => ctx.repo.usersOfTenant(tenant.id),
  },
};
