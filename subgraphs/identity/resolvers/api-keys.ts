import { denyToken, notFound, parseId, unauthenticated, badUserInput } from '@flowgraph/shared';
import type { Context } from '../context.js';
import { hashSecret } from '../data/opaque-secrets.js';
import { apiKeyInputViolation, generateApiKey, type ApiKeyRole } from '../domain/api-key.js';
import { clientNameViolation } from '../domain/persisted-query-manifest.js';
import { identityEvent } from '../domain/identity-events.js';
import type { ApiKeyResolvers, MutationResolvers, QueryResolvers, Role } from '../generated/resolvers-types.js';
import { inTransaction } from './session-support.js';

function admin(ctx: Context): { userId: string; tenantId: string } {
  if (ctx.auth.kind !== 'user') throw unauthenticated();
  return ctx.auth;
}

export const apiKeyQueries: Pick<QueryResolvers, 'apiKeys'> = {
  apiKeys: (_parent, _args, ctx) => ctx.repo.apiKeys.ofTenant(admin(ctx).tenantId),
};

export const apiKeyMutations: Pick<MutationResolvers, 'createApiKey' | 'revokeApiKey'> = {
  createApiKey: async (_parent, { input }, ctx) => {
    const caller = admin(ctx);
    const role = input.role.toLowerCase();
    const scopes = [...new Set(input.scopes)];
    const violation = apiKeyInputViolation({ name: input.name, role, scopes });
    if (violation) throw badUserInput(violation.message, violation.field);
    // Every key is bound: a key bound to no client would run any document, which is what a leaked key must not do.
    const clientName = input.clientName.trim();
    const clientViolation = clientNameViolation(clientName);
    if (clientViolation) throw badUserInput(clientViolation.message, clientViolation.field);
    const { prefix, secret } = generateApiKey();
    const apiKey = await inTransaction(ctx, async (tx) => {
      const created = await tx.apiKeys.insert({
        tenantId: caller.tenantId,
        createdBy: caller.userId,
        name: input.name.trim(),
        prefix,
        keyHash: hashSecret(secret),
        role: role as ApiKeyRole,
        scopes,
        clientName,
      });
      // Its client is enforced (only its published list runs) until an admin sets LOG or OFF.
      await tx.persistedQueries.ensureClient(caller.tenantId, clientName);
      await tx.enqueue([
        identityEvent('api_key.created', { tenantId: caller.tenantId, key: created.id, data: { apiKeyId: created.id, prefix, role, scopes, createdBy: caller.userId } }),
      ]);
      return created;
    });
    return { apiKey, secret };
  },

  revokeApiKey: async (_parent, { id }, ctx) => {
    const caller = admin(ctx);
    const keyId = parseId(id);
    const now = ctx.now();
    const revoked = await inTransaction(ctx, async (tx) => {
      const row = await tx.apiKeys.revoke(caller.tenantId, keyId, now);
      if (!row) {
        // Revoking twice is a no-op that returns the key; an unknown or foreign id is not found.
        const existing = await tx.apiKeys.byId(caller.tenantId, keyId);
        if (!existing) throw notFound('ApiKey', id);
        return { row: existing, changed: false };
      }
      await tx.enqueue([identityEvent('api_key.revoked', { tenantId: caller.tenantId, key: row.id, data: { apiKeyId: row.id, revokedBy: caller.userId } })]);
      return { row, changed: true };
    });
    // Tokens already exchanged for the key carry its id as subject; denylisting the id ends them now.
    if (revoked.changed) await denyToken(ctx.cache, revoked.row.id, new Date(now.getTime() + ctx.tokens.apiKeyTokenTtlSeconds * 1000));
    return revoked.row;
  },
};

export const apiKeyResolvers: ApiKeyResolvers = {
  role: (key) => key.role.toUpperCase() as Role,
  createdBy: (key, _args, ctx) => ctx.loaders.user.load(key.createdBy),
};
