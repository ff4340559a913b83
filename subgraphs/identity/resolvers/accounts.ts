import { badUserInput, conflict, notFound, parseId, unauthenticated, type Principal } from '@flowgraph/shared';
import type { Context } from '../context.js';
import { isUniqueViolation } from '@flowgraph/shared';
import { emailViolation, firstViolation, nameViolation, normalizeEmail, passwordViolation, slugViolation } from '../domain/account-policy.js';
import { identityEvent } from '../domain/identity-events.js';
import type { MutationResolvers, Role } from '../generated/resolvers-types.js';
import { conflictOn, rejectViolation } from './errors.js';
import { endSession, inTransaction, issueSession, markSignedIn } from './session-support.js';

const toRole = (role: Role): 'admin' | 'user' | 'viewer' => role.toLowerCase() as 'admin' | 'user' | 'viewer';

/** A race past the pre-checks still ends as CONFLICT, not as an internal error. */
async function orConflict<T>(work: Promise<T>, field: string, message: string): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (isUniqueViolation(error)) throw conflictOn(field, message);
    throw error;
  }
}

function person(ctx: Context): Principal {
  if (ctx.auth.kind !== 'user') throw unauthenticated();
  return ctx.auth;
}

export const accountMutations: Pick<MutationResolvers, 'signUp' | 'createUser' | 'changeUserRole' | 'changePassword'> = {
  signUp: async (_parent, { input }, ctx) => {
    rejectViolation(
      firstViolation(nameViolation(input.tenantName, 'tenantName'), slugViolation(input.tenantSlug), emailViolation(input.email), nameViolation(input.name), passwordViolation(input.password)),
    );
    const email = normalizeEmail(input.email);
    // Hashed before the transaction: argon2 takes long enough that holding locks meanwhile would hurt.
    const passwordHash = await ctx.hashPassword(input.password);
    const payload = await orConflict(
      inTransaction(ctx, async (tx) => {
        if (await tx.slugTaken(input.tenantSlug)) throw conflictOn('tenantSlug', 'This tenant slug is taken');
        if (await tx.emailTaken(email)) throw conflictOn('email', 'An account with this email exists');
        const tenant = await tx.insertTenant({ name: input.tenantName.trim(), slug: input.tenantSlug });
        const user = await tx.insertUser({ tenantId: tenant.id, email, name: input.name.trim(), role: 'admin', passwordHash });
        await tx.enqueue([
          identityEvent('tenant.created', { tenantId: tenant.id, key: tenant.id, data: { tenantId: tenant.id, slug: tenant.slug, name: tenant.name } }),
          identityEvent('user.created', { tenantId: tenant.id, key: user.id, data: { userId: user.id, email: user.email, role: user.role, via: 'sign_up' } }),
        ]);
        return issueSession(ctx, tx, user);
      }),
      'tenantSlug',
      'This tenant slug or email is taken',
    );
    markSignedIn(ctx, payload.user);
    return payload;
  },

  createUser: async (_parent, { input }, ctx) => {
    const caller = person(ctx);
    rejectViolation(firstViolation(emailViolation(input.email), nameViolation(input.name), passwordViolation(input.password)));
    const email = normalizeEmail(input.email);
    const passwordHash = await ctx.hashPassword(input.password);
    return orConflict(
      inTransaction(ctx, async (tx) => {
        if (await tx.emailTaken(email)) throw conflictOn('email', 'An account with this email exists');
        const user = await tx.insertUser({ tenantId: caller.tenantId, email, name: input.name.trim(), role: toRole(input.role), passwordHash });
        await tx.enqueue([
          identityEvent('user.created', { tenantId: caller.tenantId, key: user.id, data: { userId: user.id, email: user.email, role: user.role, createdBy: caller.userId } }),
        ]);
        return user;
      }),
      'email',
      'An account with this email exists',
    );
  },

  changeUserRole: async (_parent, args, ctx) => {
    const caller = person(ctx);
    const userId = parseId(args.userId, 'userId');
    const role = toRole(args.role);
    return inTransaction(ctx, async (tx) => {
      const target = await tx.userWithSecret(caller.tenantId, userId);
      if (!target) throw notFound('User', args.userId);
      if (target.role === role) return (await tx.usersByIds(caller.tenantId, [userId]))[0]!;
      if (target.role === 'admin' && (await tx.lockAdminCount(caller.tenantId)) <= 1) throw conflict('The last admin of a tenant cannot be demoted');
      const updated = await tx.setRole(caller.tenantId, userId, role);
      await tx.enqueue([
        identityEvent('user.role_changed', { tenantId: caller.tenantId, key: userId, data: { userId, from: target.role, to: role, changedBy: caller.userId } }),
      ]);
      return updated!;
    });
  },

  changePassword: async (_parent, { currentPassword, newPassword }, ctx) => {
    const caller = person(ctx);
    rejectViolation(passwordViolation(newPassword, 'newPassword'));
    const user = await ctx.repo.userWithSecret(caller.tenantId, caller.userId);
    if (!user) throw unauthenticated();
    // BAD_USER_INPUT rather than UNAUTHENTICATED: the session is fine, and clients treat the latter as "sign in again".
    if (!(await ctx.verifyPassword(user.passwordHash, currentPassword))) throw badUserInput('Current password is wrong', 'currentPassword');
    const passwordHash = await ctx.hashPassword(newPassword);
    await inTransaction(ctx, async (tx) => {
      await tx.setPasswordHash(caller.tenantId, caller.userId, passwordHash);
      // Whoever else holds a session (a stolen one, the reason to change a password) is signed out; the caller's own stays.
      const ended = await tx.refreshTokens.revokeOtherSessionsOfUser(caller.tenantId, caller.userId, caller.sessionId, ctx.now());
      await tx.enqueue([
        identityEvent('password.changed', {
          tenantId: caller.tenantId,
          key: caller.userId,
          data: { userId: caller.userId, revokedRefreshTokens: ended.tokens, endedSessions: ended.familyIds.length },
        }),
      ]);
      // Last and inside the transaction: if the denylist cannot be written, the password and the
      // refresh tokens stay as they were and the caller may retry; a commit failing after it only
      // signs those sessions out early.
      await Promise.all(ended.familyIds.map((familyId) => endSession(ctx, familyId)));
    });
    return true;
  },
};
