import { denyToken, unauthenticated } from '@flowgraph/shared';
import { hashSecret } from '../data/opaque-secrets.js';
import { identityEvent } from '../domain/identity-events.js';
import { decideRefresh } from '../domain/refresh-rotation.js';
import type { AuthPayloadModel } from '../domain/auth-payload.js';
import type { MutationResolvers } from '../generated/resolvers-types.js';
import { inTransaction, issueSession, markSignedIn } from './session-support.js';

type RefreshOutcome = { kind: 'ok'; payload: AuthPayloadModel } | { kind: 'refused' };

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
        return { kind: 'refused' };
      }
      const user = await tx.userWithSecret(row.tenantId, row.userId);
      if (!user || !(await tx.refreshTokens.markRotated(row.tenantId, row.id, now))) return { kind: 'refused' };
      return { kind: 'ok', payload: await issueSession(ctx, tx, user, row.familyId) };
    });
    if (outcome.kind !== 'ok') throw unauthenticated('Invalid refresh token');
    markSignedIn(ctx, outcome.payload.user);
    return outcome.payload;
  },

  logout: async (_parent, { refreshToken }, ctx) => {
    if (ctx.auth.kind !== 'user') throw unauthenticated();
    const auth = ctx.auth;
    if (refreshToken) {
      await inTransaction(ctx, async (tx) => {
        const row = await tx.refreshTokens.byHashForUpdate(hashSecret(refreshToken));
        // Someone else's token is ignored: logout must not become a way to sign others out.
        if (row && row.tenantId === auth.tenantId && row.userId === auth.userId) await tx.refreshTokens.revokeFamily(row.tenantId, row.familyId, ctx.now());
      });
    }
    await denyToken(ctx.cache, auth.tokenId, auth.expiresAt);
    return true;
  },
};
