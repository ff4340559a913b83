import { allow, isAuthenticated, unauthenticated, type PermissionMap } from '@flowgraph/shared';
import { rule } from 'graphql-shield';
import type { Context } from '../context.js';

/**
 * Members see their tenant's users. The one anonymous exception is the login payload,
 * which may show the account that has just proven its password in this request.
 */
const memberOrJustSignedIn = (key: 'userId' | 'tenantId') =>
  rule(`memberOrJustSignedIn:${key}`, { cache: 'strict' })((parent: { id: string }, _args: unknown, ctx: Context) => {
    if (ctx.auth.kind === 'user') return true;
    return ctx.signedIn?.[key] === parent.id ? true : unauthenticated();
  });

export const permissions: PermissionMap = {
  Query: { me: isAuthenticated, user: isAuthenticated, users: isAuthenticated, tenant: isAuthenticated },
  Mutation: { login: allow },
  User: { '*': memberOrJustSignedIn('userId') },
  Tenant: { '*': memberOrJustSignedIn('tenantId'), users: isAuthenticated },
  AuthPayload: { '*': allow },
};
