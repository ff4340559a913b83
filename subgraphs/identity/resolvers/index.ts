import { DateTimeScalar, notFound, parseId, unauthenticated } from '@flowgraph/shared';
import type { Resolvers, Role } from '../generated/resolvers-types.js';

const toGraphQLRole = (role: 'admin' | 'user' | 'viewer'): Role => role.toUpperCase() as Role;

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
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
  Mutation: {
    login: async (_parent, { input }, ctx) => {
      const user = await ctx.repo.userByEmailForLogin(input.email);
      // Verify against a real hash either way so response time does not reveal which emails exist.
      const ok = await ctx.verifyPassword(user?.passwordHash ?? DUMMY_HASH, input.password);
      if (!user || !ok) throw unauthenticated('Invalid email or password');
      const { token, expiresAt } = await ctx.tokens.issue(user);
      ctx.signedIn = { userId: user.id, tenantId: user.tenantId };
      const { passwordHash: _secret, ...publicUser } = user;
      return { accessToken: token, tokenType: 'Bearer', expiresAt, user: publicUser };
    },
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
  Tenant: {
    // A tenant is visible only to its own members.
    __resolveReference: async (reference, ctx) =>
      ctx.auth.kind === 'user' && ctx.auth.tenantId === reference.id ? ((await ctx.repo.tenantById(reference.id)) ?? null) : null,
    users: (tenant, _args, ctx) => ctx.repo.usersOfTenant(tenant.id),
  },
};

/** argon2id hash of a random string nobody knows; used to equalise login timing. */
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$W9m3mIv0Yb1bJ0KJDv3rKQ$C3j0pcd8OlU1cZ1c1m0VhZk8GmWRW1r7gI4WB0d0y4U';
