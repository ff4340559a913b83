import { setTimeout as sleep } from 'node:timers/promises';
import type { Context } from '../context.js';
import type { UserWithSecret } from '../data/schema.js';
import { normalizeEmail } from '../domain/account-policy.js';
import { identityEvent } from '../domain/identity-events.js';
import {
  accountFailureKey,
  backoffSeconds,
  decideLoginThrottle,
  ipFailureKey,
  LOGIN_WINDOW_SECONDS,
  lockoutSeconds,
  pairFailureKey,
} from '../domain/login-throttle.js';
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

/** Counts a failure under all three keys; resolves to the pair's count in its window. */
async function countFailure(ctx: Context, email: string): Promise<number> {
  const [pair] = await Promise.all([
    ctx.cache.increment(pairFailureKey(email, ctx.clientIp), LOGIN_WINDOW_SECONDS),
    ctx.cache.increment(ipFailureKey(ctx.clientIp), LOGIN_WINDOW_SECONDS),
    ctx.cache.increment(accountFailureKey(email), LOGIN_WINDOW_SECONDS),
  ]);
  return pair;
}

/**
 * Whether a locked attempt proves the account's second factor: the account has MFA, the code is
 * current (checked first: it is cheap, and without it the password is not even looked at, so a lock
 * never becomes an oracle for passwords), and the password is right.
 */
async function provesSecondFactor(ctx: Context, user: UserWithSecret, password: string, totpCode: string | null | undefined): Promise<boolean> {
  if (!user.mfaEnabledAt || !totpCode || !totpMatches(ctx, user, totpCode)) return false;
  return ctx.verifyPassword(user.passwordHash, password);
}

export const loginMutations: Pick<MutationResolvers, 'login'> = {
  login: async (_parent, { input }, ctx) => {
    const email = normalizeEmail(input.email);
    const [pair, ip, account] = await Promise.all([
      ctx.cache.get<number>(pairFailureKey(email, ctx.clientIp)),
      ctx.cache.get<number>(ipFailureKey(ctx.clientIp)),
      ctx.cache.get<number>(accountFailureKey(email)),
    ]);
    const throttle = decideLoginThrottle({ pair: pair ?? 0, ip: ip ?? 0, account: account ?? 0 });
    let user: UserWithSecret | undefined;
    if (throttle.kind === 'locked') {
      user = await ctx.repo.userByEmailForLogin(email);
      // Even the right password is refused while locked, or the lock would only slow guessing down;
      // the right password with a valid TOTP code is the owner, who gets in and lifts the lock.
      if (!user || !(await provesSecondFactor(ctx, user, input.password, input.totpCode))) {
        const key = throttle.scope === 'pair' ? pairFailureKey(email, ctx.clientIp) : ipFailureKey(ctx.clientIp);
        await recordFailure(ctx, user, 'locked');
        throw rateLimited(lockoutSeconds(await ctx.cache.ttl(key)));
      }
    } else {
      // Many failures on this account from anywhere: slow every attempt on it, never refuse it.
      if (throttle.delayMs > 0) await sleep(throttle.delayMs);
      user = await ctx.repo.userByEmailForLogin(email);
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
    }
    const signedIn = user;
    const payload = await inTransaction(ctx, async (tx) => {
      const session = await issueSession(ctx, tx, signedIn);
      await tx.enqueue([
        identityEvent('login.succeeded', { tenantId: signedIn.tenantId, key: signedIn.id, data: { userId: signedIn.id, ip: ctx.clientIp, mfa: Boolean(signedIn.mfaEnabledAt) } }),
      ]);
      return session;
    });
    // The pair's slate is wiped; the account's only by a login that proved the second factor, since
    // a password alone may be what a distributed guesser has just found. The address stays counted:
    // it may have sprayed other accounts.
    await Promise.all([ctx.cache.delete(pairFailureKey(email, ctx.clientIp)), signedIn.mfaEnabledAt ? ctx.cache.delete(accountFailureKey(email)) : undefined]);
    markSignedIn(ctx, signedIn);
    return payload;
  },
};

/** argon2id hash of a random string nobody knows; used to equalise login timing. */
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$W9m3mIv0Yb1bJ0KJDv3rKQ$C3j0pcd8OlU1cZ1c1m0VhZk8GmWRW1r7gI4WB0d0y4U';
