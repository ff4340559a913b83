import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { demo } from '@flowgraph/shared';
import { startHarness, type Harness } from '../../../test/support/subgraph-harness.js';
import type { Context } from '../context.js';
import { hashSecret } from '../data/opaque-secrets.js';
import { refreshTokens } from '../data/schema.js';
import { expectNoSecrets, recordEvents, SESSION_FIELDS, testSubgraph, type EventLog, type SessionFields } from './test-support.js';

const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { ${SESSION_FIELDS} } }`;
const REFRESH = `mutation($t: String!) { refreshSession(refreshToken: $t) { ${SESSION_FIELDS} } }`;

describe('identity sessions: refresh rotation and logout', () => {
  let h: Harness<Context>;
  let log: EventLog;
  beforeAll(async () => {
    h = await startHarness(testSubgraph());
    log = await recordEvents(h);
  });
  afterAll(() => h.close());

  const login = async (email: string = demo.users.user.email) => {
    const result = await h.run<{ login: SessionFields }>(LOGIN, { input: { email, password: demo.password } });
    expect(result.errors).toBeUndefined();
    return result.data!.login;
  };
  const refresh = (token: string) => h.run<{ refreshSession: SessionFields }>(REFRESH, { t: token });
  const rowOf = async (token: string) => {
    const [row] = await h.deps.database.db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, hashSecret(token)));
    return row;
  };

  it('login returns a 7-day refresh token, stored only as its hash, and publishes login.succeeded', async () => {
    const session = await login();
    expect(session.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const days = (Date.parse(session.refreshExpiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
    const row = await rowOf(session.refreshToken);
    expect(row).toMatchObject({ userId: demo.users.user.id, tenantId: demo.tenant.id, rotatedAt: null, revokedAt: null });
    const rows = await h.deps.database.db.select().from(refreshTokens);
    expect(JSON.stringify(rows)).not.toContain(session.refreshToken);
    const event = await log.waitFor('identity.login.succeeded', (e) => e.key === demo.users.user.id);
    expect(event).toMatchObject({ source: 'identity', tenantId: demo.tenant.id });
    expectNoSecrets(log.events, [demo.password, session.refreshToken, session.accessToken]);
  });

  it('a wrong password publishes login.failed without the password', async () => {
    const result = await h.run(LOGIN, { input: { email: demo.users.viewer.email, password: 'wrong-password-123' } });
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const event = await log.waitFor('identity.login.failed', (e) => e.key === demo.users.viewer.id);
    expect(event.data).toMatchObject({ userId: demo.users.viewer.id, reason: 'bad_password' });
    expectNoSecrets(log.events, ['wrong-password-123', demo.password]);
  });

  it('rotates: a valid refresh token yields new tokens in the same family and is marked rotated', async () => {
    const first = await login();
    const result = await refresh(first.refreshToken);
    expect(result.errors).toBeUndefined();
    const second = result.data!.refreshSession;
    expect(second.user.email).toBe(demo.users.user.email);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(await h.built.verifyToken!(second.accessToken)).toMatchObject({ userId: demo.users.user.id });
    const [old, next] = [await rowOf(first.refreshToken), await rowOf(second.refreshToken)];
    expect(old?.rotatedAt).toBeInstanceOf(Date);
    expect(next).toMatchObject({ familyId: old!.familyId, rotatedAt: null, revokedAt: null });
  });

  it('reuse of a rotated token revokes the whole family and publishes refresh_token.reused', async () => {
    const first = await login();
    const second = (await refresh(first.refreshToken)).data!.refreshSession;
    const replay = await refresh(first.refreshToken);
    expect(replay.data).toBeNull();
    expect(replay.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const family = await h.deps.database.db.select().from(refreshTokens).where(eq(refreshTokens.familyId, (await rowOf(first.refreshToken))!.familyId));
    expect(family).toHaveLength(2);
    expect(family.every((row) => row.revokedAt instanceof Date)).toBe(true);
    // The legitimate holder's newer token is gone too: the family is compromised.
    expect((await refresh(second.refreshToken)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const event = await log.waitFor('identity.refresh_token.reused', (e) => e.data !== null && (e.data as { familyId: string }).familyId === family[0]!.familyId);
    expect(event.key).toBe(demo.users.user.id);
    expectNoSecrets(log.events, [first.refreshToken, second.refreshToken]);
  });

  it("reuse also ends the family's live access tokens, and only that family's", async () => {
    const first = await login();
    const other = await login();
    const second = (await refresh(first.refreshToken)).data!.refreshSession;
    // Both access tokens of the family verify before the reuse.
    expect(await h.built.verifyToken!(first.accessToken)).toMatchObject({ userId: demo.users.user.id, sessionId: (await rowOf(first.refreshToken))!.familyId });
    expect(await h.built.verifyToken!(second.accessToken)).toMatchObject({ userId: demo.users.user.id });
    expect((await refresh(first.refreshToken)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    for (const token of [first.accessToken, second.accessToken]) {
      await expect(h.built.verifyToken!(token)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    }
    // The same user's other sign-in is not the compromised one.
    expect(await h.built.verifyToken!(other.accessToken)).toMatchObject({ userId: demo.users.user.id });
  });

  it('refuses unknown and expired refresh tokens', async () => {
    expect((await refresh('not-a-token')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const session = await login();
    await h.deps.database.db
      .update(refreshTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(refreshTokens.tokenHash, hashSecret(session.refreshToken)));
    expect((await refresh(session.refreshToken)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('logout revokes the family and denylists the access token, which identity then refuses', async () => {
    const session = await login();
    const caller = await h.built.verifyToken!(session.accessToken);
    const result = await h.run<{ logout: boolean }>(`mutation($t: String) { logout(refreshToken: $t) }`, { t: session.refreshToken }, caller);
    expect(result.errors).toBeUndefined();
    expect(result.data?.logout).toBe(true);
    expect((await rowOf(session.refreshToken))?.revokedAt).toBeInstanceOf(Date);
    await expect(h.built.verifyToken!(session.accessToken)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect((await refresh(session.refreshToken)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('logout without a refresh token still ends the sign-in: its refresh token and its other access tokens', async () => {
    const session = await login();
    const rotated = (await refresh(session.refreshToken)).data!.refreshSession;
    const caller = await h.built.verifyToken!(session.accessToken);
    expect((await h.run<{ logout: boolean }>(`mutation { logout }`, undefined, caller)).data?.logout).toBe(true);
    await expect(h.built.verifyToken!(rotated.accessToken)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect((await rowOf(rotated.refreshToken))?.revokedAt).toBeInstanceOf(Date);
  });

  it("logout leaves another user's refresh token alone and requires authentication", async () => {
    const victim = await login(demo.users.viewer.email);
    const attacker = await h.built.verifyToken!((await login(demo.users.user.email)).accessToken);
    await h.run(`mutation($t: String) { logout(refreshToken: $t) }`, { t: victim.refreshToken }, attacker);
    expect((await rowOf(victim.refreshToken))?.revokedAt).toBeNull();
    const anonymous = await h.run(`mutation { logout }`);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
  it('changePassword through one session ends the other (access and refresh tokens) and keeps the caller signed in', async () => {
    const email = demo.users.admin.email;
    const current = await login(email);
    const other = await login(email);
    const otherRotated = (await refresh(other.refreshToken)).data!.refreshSession;
    const caller = await h.built.verifyToken!(current.accessToken);
    const changed = await h.run<{ changePassword: boolean }>(
      `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`,
      { c: demo.password, n: 'a-fresh-admin-password' },
      caller,
    );
    expect(changed.errors).toBeUndefined();
    expect(changed.data?.changePassword).toBe(true);

    // The other sign-in: every access token of it refused, its refresh token revoked.
    await expect(h.built.verifyToken!(other.accessToken)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    await expect(h.built.verifyToken!(otherRotated.accessToken)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect((await rowOf(otherRotated.refreshToken))?.revokedAt).toBeInstanceOf(Date);
    expect((await refresh(otherRotated.refreshToken)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    // The caller's: its access token still answers, and its refresh token still rotates.
    const stillCaller = await h.built.verifyToken!(current.accessToken);
    const me = await h.run<{ me: { email: string } }>(`{ me { email } }`, undefined, stillCaller);
    expect(me.errors).toBeUndefined();
    expect(me.data?.me.email).toBe(email);
    const renewed = await refresh(current.refreshToken);
    expect(renewed.errors).toBeUndefined();
    await expect(h.built.verifyToken!(renewed.data!.refreshSession.accessToken)).resolves.toMatchObject({ userId: demo.users.admin.id });

    const event = await log.waitFor('identity.password.changed', (e) => e.key === demo.users.admin.id);
    expect(event.data).toMatchObject({ userId: demo.users.admin.id, revokedRefreshTokens: 2, endedSessions: 1 });
    expectNoSecrets(log.events, ['a-fresh-admin-password', other.refreshToken, current.refreshToken]);
  });
  it('changes nothing when the other sessions cannot be denylisted: the password and their tokens stay', async () => {
    const email = demo.users.viewer.email;
    const current = await login(email);
    const other = await login(email);
    const caller = await h.built.verifyToken!(current.accessToken);
    const failing = vi.spyOn(h.deps.cache, 'set').mockRejectedValue(new Error('cache unreachable'));
    try {
      const changed = await h.run(`mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`, { c: demo.password, n: 'never-applied-password' }, caller);
      expect(changed.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      failing.mockRestore();
    }
    expect((await rowOf(other.refreshToken))?.revokedAt).toBeNull();
    await expect(h.built.verifyToken!(other.accessToken)).resolves.toMatchObject({ userId: demo.users.viewer.id });
    await login(email);
  });
});
