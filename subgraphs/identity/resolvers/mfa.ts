import { randomBytes } from 'node:crypto';
import { badUserInput, conflict, unauthenticated } from '@flowgraph/shared';
import type { Context } from '../context.js';
import type { UserWithSecret } from '../data/schema.js';
import { identityEvent } from '../domain/identity-events.js';
import { base32Encode, otpauthUri, verifyTotp } from '../domain/totp.js';
import type { MutationResolvers } from '../generated/resolvers-types.js';
import { inTransaction } from './session-support.js';

const ISSUER = 'FlowGraph';

/** Whether `code` is current for the user's stored (pending or active) secret. */
export function totpMatches(ctx: Context, user: UserWithSecret, code: string): boolean {
  if (!user.mfaSecret) return false;
  return verifyTotp(ctx.mfa.decrypt(user.mfaSecret, user.id), code.trim(), ctx.now());
}

async function caller(ctx: Context): Promise<UserWithSecret> {
  if (ctx.auth.kind !== 'user') throw unauthenticated();
  const user = await ctx.repo.userWithSecret(ctx.auth.tenantId, ctx.auth.userId);
  if (!user) throw unauthenticated();
  return user;
}

export const mfaMutations: Pick<MutationResolvers, 'enableMfa' | 'verifyMfa' | 'disableMfa'> = {
  enableMfa: async (_parent, _args, ctx) => {
    const user = await caller(ctx);
    if (user.mfaEnabledAt) throw conflict('MFA is already enabled');
    // 20 bytes: the HMAC-SHA1 block-size recommendation of RFC 4226.
    const secret = randomBytes(20);
    await ctx.repo.setMfa(user.tenantId, user.id, { secret: ctx.mfa.encrypt(secret, user.id), enabledAt: null });
    const secretBase32 = base32Encode(secret);
    return { secret: secretBase32, otpauthUri: otpauthUri(secretBase32, user.email, ISSUER) };
  },

  verifyMfa: async (_parent, { code }, ctx) => {
    const user = await caller(ctx);
    if (user.mfaEnabledAt) throw conflict('MFA is already enabled');
    if (!user.mfaSecret) throw conflict('Start with enableMfa');
    if (!totpMatches(ctx, user, code)) throw badUserInput('The code is not valid', 'code');
    await inTransaction(ctx, async (tx) => {
      await tx.setMfa(user.tenantId, user.id, { secret: user.mfaSecret, enabledAt: ctx.now() });
      await tx.enqueue([identityEvent('mfa.enabled', { tenantId: user.tenantId, key: user.id, data: { userId: user.id, method: 'totp' } })]);
    });
    return true;
  },

  disableMfa: async (_parent, { code }, ctx) => {
    const user = await caller(ctx);
    if (!user.mfaEnabledAt) throw conflict('MFA is not enabled');
    if (!totpMatches(ctx, user, code)) throw badUserInput('The code is not valid', 'code');
    await inTransaction(ctx, async (tx) => {
      await tx.setMfa(user.tenantId, user.id, { secret: null, enabledAt: null });
      await tx.enqueue([identityEvent('mfa.disabled', { tenantId: user.tenantId, key: user.id, data: { userId: user.id, method: 'totp' } })]);
    });
    return true;
  },
};
