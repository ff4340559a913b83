import type { Context } from '../context.js';
import type { UserWithSecret } from '../data/schema.js';
import { normalizeEmail } from '../domain/account-policy.js';
import { identityEvent } from '../domain/identity-events.js';
import { accountFailureKey, backoffSeconds, decideLoginThrottle, ipFailureKey, LOGIN_WINDOW_SECONDS, lockoutSeconds } from '../domain/login-throttle.js';
import type { MutationResolvers } from '../generated/resolvers-types.js';
import { invalidCredentials, mfaRequired, rateLimited } from './errors.js';
import { totpMatches } from './mfa.js';
import { inTransaction, issueSession, markSignedIn } from './session-support.js';

type FailureReason = 'bad_password' | 'bad_totp' | 'locked';

/** Its own transaction: the attempt is recorded although the login itself fails. */
async function recordFailure(ctx: Context, user: UserWithSecret | undefined, reason: FailureReason): Promise<void> {
  // Unknown emails have no tenant to file an event under; the per-IP counter still sees them.
  if (!user) return;
  await inTransaction(ctx, (tx) =>
    tx.enqueue([identityEvent('login.failed', { tenantId: user.tenantId, key: user.id, data: { userId: user.id, email: user.email, reason, ip: ctx.clientIp } })]),
  );
}

/** Counts a failure against the account and the address; resolves to the account's count in this window. */
async function countFailure(ctx: Context, email: string): Promise<number> {
  const [account] = await Promise.all([
    ctx.cache.increment(accountFailureKey(email), LOGIN_WINDOW_SECONDS),
    ctx.cache.increment(ipFailureKey(ctx.clientIp), LOGIN_WINDOW_SECONDS),
  ]);
  return account;
}

export const loginMutations: Pick<MutationResolvers, 'login'> = {
  login: async (_parent, { input }, ctx) => {
    const email = normalizeEmail(input.email);
    const [account, ip] = await Promise.all([ctx.cache.get<number>(accountFailureKey(email)), ctx.cache.get<number>(ipFailureKey(ctx.clientIp))]);
    const throttle = decideLoginThrottle({ account: account ?? 0, ip: ip ?? 0 });
    if (!throttle.allowed) {
      // Even the right password is refused while locked, or the lockout would only slow guessing down.
      const key = throttle.scope === 'account' ? accountFailureKey(email) : ipFailureKey(ctx.clientIp);
      await recordFailure(ctx, await ctx.repo.userByEmailForLogin(email), 'locked');
      throw rateLimited(lockoutSeconds(await ctx.cache.ttl(key)));
    }
    const user = await ctx.repo.userByEmailForLogin(email);
    // Verify against a real hash either way so response time does not reveal which emails exist.
    const ok = await ctx.verifyPassword(user?.passwordHash ?? DUMMY_HASH, input.password);
    if (!user || !ok) {
      const failures = await countFailure(ctx, email);
      await recordFailure(ctx, user, 'bad_password');
      throw invalidCredentials(backoffSeconds(failures));
    }
    if (user.mfaEnabledAt) {
      // A missing code is not a failure: the client learns it must ask for one.
      if (!input.totpCode) throw mfaRequired();
      if (!totpMatches(ctx, user, input.totpCode)) {
        const failures = await countFailure(ctx, email);
        await recordFailure(ctx, user, 'bad_totp');
        throw invalidCredentials(backoffSeconds(failures), true);
      }
    }
    const payload = await inTransaction(ctx, async (tx) => {
      const session = await issueSession(ctx, tx, user);
      await tx.enqueue([
        identityEvent('login.succeeded', { tenantId: user.tenantId, key: user.id, data: { userId: user.id, ip: ctx.clientIp, mfa: Boolean(user.mfaEnabledAt) } }),
      ]);
      return session;
    });
    // Only the account's slate is wiped: an address that sprayed other accounts stays counted.
    await ctx.cache.delete(accountFailureKey(email));
    markSignedIn(ctx, user);
    return payload;
  },
};

/** argon2id hash of a random string nobody knows; used to equalise login timing. */
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$W9m3mIv0Yb1bJ0KJDv3rKQ$C3j0pcd8OlU1cZ1c1m0VhZk8GmWRW1r7gI4WB0d0y4U';
