import { randomUUID } from 'node:crypto';
import { denyToken } from '@flowgraph/shared';
import type { Context } from '../context.js';
import type { IdentityRepository } from '../data/identity-repository.js';
import { hashSecret, newOpaqueToken } from '../data/opaque-secrets.js';
import type { UserRow, UserWithSecret } from '../data/schema.js';
import { sessionDenialExpiry } from '../domain/access-token.js';
import type { AuthPayloadModel } from '../domain/auth-payload.js';
import { refreshExpiry } from '../domain/refresh-rotation.js';

/**
 * Runs `work` in one transaction and wakes the outbox relay once it has committed. A signed-in
 * caller's transaction is confined to its tenant by row-level security.
 */
export async function inTransaction<T>(ctx: Context, work: (tx: IdentityRepository) => Promise<T>): Promise<T> {
  const result = await ctx.repo.transaction(work, ctx.auth.kind === 'user' ? ctx.auth.tenantId : undefined);
  ctx.eventsCommitted();
  return result;
}

export function publicUser(user: UserWithSecret): UserRow {
  return { id: user.id, tenantId: user.tenantId, email: user.email, name: user.name, role: user.role, createdAt: user.createdAt };
}

/**
 * Issues an access token and a refresh token in `familyId` (a new family for a fresh sign-in).
 * Must run inside the caller's transaction, so the refresh row commits with whatever led to it.
 */
export async function issueSession(ctx: Context, tx: IdentityRepository, user: UserWithSecret | UserRow, familyId: string = randomUUID()): Promise<AuthPayloadModel> {
  const refreshToken = newOpaqueToken();
  const refreshExpiresAt = refreshExpiry(ctx.now());
  await tx.refreshTokens.insert({ tenantId: user.tenantId, userId: user.id, familyId, tokenHash: hashSecret(refreshToken), expiresAt: refreshExpiresAt });
  const { token, expiresAt } = await ctx.tokens.issue(user, familyId);
  return { accessToken: token, tokenType: 'Bearer', expiresAt, refreshToken, refreshExpiresAt, user: 'passwordHash' in user ? publicUser(user) : user };
}

/** Lets the anonymous caller read back the account it has just signed in as. */
export function markSignedIn(ctx: Context, user: { id: string; tenantId: string }): void {
  ctx.signedIn = { userId: user.id, tenantId: user.tenantId };
}

/**
 * Ends every access token of the sign-in (refresh-token family) `familyId`: they carry it as `sid`,
 * which the gateway and every subgraph check against the denylist. Revoking the refresh tokens alone
 * would leave the access tokens already issued working for up to their 15 minutes.
 */
export const endSession = (ctx: Context, familyId: string): Promise<void> => denyToken(ctx.cache, familyId, sessionDenialExpiry(ctx.now()));
