import { denyToken, unauthenticated } from '@flowgraph/shared';
import { hashSecret } from '../data/opaque-secrets.js';
import { identityEvent } from '../domain/identity-events.js';
import { decideRefresh } from '../domain/refresh-rotation.js';
import type { AuthPayloadModel } from '../domain/auth-payload.js';
import type { MutationResolvers } from '../generated/resolvers-types.js';
import { endSession, inTransaction, issueSession, markSignedIn } from './session-support.js';

type RefreshOutcome = { kind: 'ok'; payload: AuthPayloadModel } | { kind: 'refused' } | { kind: 'reused'; familyId: string };

export const sessionMutations: Pick<MutationResolvers, 'refreshSession' | 'logout'> = {
  refreshSession: async (_parent, { refreshToken }, ctx) => {
    const now = ctx.now();
    const outcome = await inTransaction<RefreshOutcome>(ctx, async (tx) => {
      const row = await tx.refreshTokens.byHashForUpdate(hashSecret(refreshToken));
      const decision = decideRefresh(row, now);
      if (!row || decision === 'invalid') return { kind: 'refused' };
      if (decision === 'reuse') {
        // Returned rather than thrown, so the revocation and its event commit.
        const revoked = await tx.refreshTokens.revokeFamily(row.tenantId, row.familyId, now);
        await tx.enqueue([
          identityEvent('refresh_token.reused', { tenantId: row.tenantId, key: row.userId, data: { userId: row.userId, familyId: row.familyId, revokedTokens: revoked, ip: ctx.clientIp } }),
        ]);
        return { kind: 'reused', familyId: row.familyId };
      }
      const user = await tx.userWithSecret(row.tenantId, row.userId);
      if (!user || !(await tx.refreshTokens.markRotated(row.tenantId, row.id, now))) return { kind: 'refused' };
      return { kind: 'ok', payload: await issueSession(ctx, tx, user, row.familyId) };
    });
    if (outcome.kind === 'reused') await endSession(ctx, outcome.familyId);
    if (outcome.kind !== 'ok') throw unauthenticated('Invalid refresh token');
    markSignedIn(ctx, outcome.payload.user);
    return outcome.payload;
  },

  logout: async (_parent, { refreshToken }, ctx) => {
    if (ctx.auth.kind !== 'user') throw unauthenticated();
    const auth = ctx.auth;
    // Logout ends the sign-in the access token belongs to, and the one of the refresh token given.
    const families = new Set(auth.sessionId ? [auth.sessionId] : []);
    if (refreshToken) {
      const row = await ctx.repo.refreshTokens.byHash(hashSecret(refreshToken));
      // Someone else's token is ignored: logout must not become a way to sign others out.
      if (row && row.tenantId === auth.tenantId && row.userId === auth.userId) families.add(row.familyId);
    }
    if (families.size) {
      await inTransaction(ctx, async (tx) => {
        for (const familyId of families) await tx.refreshTokens.revokeFamilyOfUser(auth.tenantId, auth.userId, familyId, ctx.now());
      });
    }
    await Promise.all([denyToken(ctx.cache, auth.tokenId, auth.expiresAt), ...[...families].map((familyId) => endSession(ctx, familyId))]);
    return true;
  },
};
