import { allow, forbidden, isAdmin, isAuthenticated, unauthenticated, type PermissionMap } from '@flowgraph/shared';
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

/**
 * A signed-in person, not a partner client: an API-key token's subject is the key, so
 * account self-service (password, MFA) makes no sense for it. Every role may manage its own
 * credentials, viewers included, since "read-only" is about tenant data, not one's own login.
 */
const isPerson = rule('isPerson', { cache: 'contextual' })((_parent: unknown, _args: unknown, ctx: Context) => {
  if (ctx.auth.kind !== 'user') return unauthenticated();
  return ctx.auth.client === 'api-key' ? forbidden('Not available to API keys') : true;
});

export const permissions: PermissionMap = {
  Query: { me: isAuthenticated, user: isAuthenticated, users: isAuthenticated, tenant: isAuthenticated, apiKeys: isAdmin, persistedQueryClients: isAdmin },
  Mutation: {
    login: allow,
    refreshSession: allow,
    signUp: allow,
    logout: isAuthenticated,
    createUser: isAdmin,
    changeUserRole: isAdmin,
    changePassword: isPerson,
    enableMfa: isPerson,
    verifyMfa: isPerson,
    disableMfa: isPerson,
    createApiKey: isAdmin,
    revokeApiKey: isAdmin,
    publishPersistedQueryManifest: isAdmin,
    activatePersistedQueryManifest: isAdmin,
    rollbackPersistedQueryManifest: isAdmin,
    setPersistedQueryPolicy: isAdmin,
  },
  User: { '*': memberOrJustSignedIn('userId') },
  PublicProfile: { '*': isAuthenticated },
  Tenant: { '*': memberOrJustSignedIn('tenantId'), users: isAuthenticated },
  AuthPayload: { '*': allow },
  MfaEnrollment: { '*': allow },
  ApiKey: { '*': isAdmin },
  CreatedApiKey: { '*': isAdmin },
  PersistedQueryClient: { '*': isAdmin },
  PersistedQueryManifestVersion: { '*': isAdmin },
  UnlistedOperation: { '*': isAdmin },
};
