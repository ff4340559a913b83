import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '@flowgraph/shared';
import { expectNoInternals } from './support/no-internals.js';
import { startSecurityPlatform, type SecurityPlatform } from './support/platform.js';
import { expectResponsive, underAttack } from './support/under-attack.js';
import { expectNothingWritten, rowCounts } from './support/writes.js';

const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken refreshToken } }`;
const REFRESH = `mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken } }`;
const ME = `{ me { email } }`;

interface Session {
  accessToken: string;
  refreshToken: string;
}

describe('sessions under attack (production mode, real services)', () => {
  let platform: SecurityPlatform;
  beforeAll(async () => {
    platform = await startSecurityPlatform();
  });
  afterAll(() => platform?.close());

  /** A login from `address`, as the gateway's trusted peer (loopback) reports it in x-forwarded-for. */
  const login = (email: string, password: string, address: string) =>
    platform.post<{ login: Session }>(LOGIN, { variables: { i: { email, password } }, headers: { 'x-forwarded-for': address } });
  const codeOf = (response: { body: { errors?: { extensions?: Record<string, unknown> }[] } }) => response.body.errors?.[0]?.extensions?.code;

  it("a replayed refresh token is refused quickly, leaks nothing, and ends the family's live access tokens at the gateway", async () => {
    const first = (await login(demo.users.user.email, demo.password, '198.51.100.10')).body.data!.login;
    const second = (await platform.post<{ refreshSession: Session }>(REFRESH, { variables: { t: first.refreshToken } })).body.data!.refreshSession;
    expect((await platform.post<{ me: { email: string } }>(ME, { token: second.accessToken })).body.data?.me.email).toBe(demo.users.user.email);

    const before = await rowCounts(platform.databaseUrl);
    const report = await underAttack({ healthUrl: platform.healthUrl }, () => platform.post(REFRESH, { variables: { t: first.refreshToken } }));
    expectResponsive(report);
    const replay = report.result;
    expect(replay.status).toBe(200);
    expect(replay.body.data ?? null).toBeNull();
    expect(codeOf(replay)).toBe('UNAUTHENTICATED');
    expect(replay.body.errors?.[0]?.message).toBe('Invalid refresh token');
    expectNoInternals(replay.body, platform.internalUrls);
    // The reuse revokes rows in place and publishes an event; it issues no new token.
    expectNothingWritten(before, await rowCounts(platform.databaseUrl), ['identity.outbox']);

    for (const token of [first.accessToken, second.accessToken]) {
      const refused = await platform.post(ME, { token });
      expect(refused.status).toBe(401);
      expect(codeOf(refused)).toBe('UNAUTHENTICATED');
      expect(refused.body.data ?? null).toBeNull();
    }
  });

  it("a stranger's wrong passwords lock only the stranger's address: the owner still signs in from theirs", async () => {
    const email = demo.users.viewer.email;
    const before = await rowCounts(platform.databaseUrl);
    let run = 0;
    const report = await underAttack({ healthUrl: platform.healthUrl }, async () => {
      // A repeated run is a stranger at another address (the first is locked already).
      const stranger = `203.0.113.${66 + run++}`;
      const guesses = [];
      for (let i = 0; i < 5; i++) guesses.push(await login(email, `guess-${i}-wrong`, stranger));
      return { guesses, locked: await login(email, demo.password, stranger) };
    });
    expectResponsive(report);
    for (const guess of report.result.guesses) {
      expect(codeOf(guess)).toBe('UNAUTHENTICATED');
      expect(guess.body.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
      expectNoInternals(guess.body, platform.internalUrls);
    }
    expect(codeOf(report.result.locked)).toBe('RATE_LIMITED');
    expect(report.result.locked.body.data ?? null).toBeNull();
    // Failed logins are published (identity.outbox); no session was created.
    expectNothingWritten(before, await rowCounts(platform.databaseUrl), ['identity.outbox']);

    const owner = await login(email, demo.password, '198.51.100.20');
    expect(owner.body.errors).toBeUndefined();
    expect(owner.body.data?.login.accessToken).toBeTruthy();
  });

  it("a subgraph's 401 reaches the client as its own error, without the subgraph's address, body or stack", async () => {
    const anonymous = await platform.post<{ me: unknown }>(ME);
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.data).toEqual({ me: null });
    expect(anonymous.body.errors?.[0]).toMatchObject({ message: 'Authentication required', path: ['me'], extensions: { code: 'UNAUTHENTICATED' } });
    expectNoInternals(anonymous.body, platform.internalUrls);

    const garbage = await platform.post(REFRESH, { variables: { t: 'not-a-refresh-token' } });
    expect(codeOf(garbage)).toBe('UNAUTHENTICATED');
    expectNoInternals(garbage.body, platform.internalUrls);
  });

  it('logout ends the sign-in: its access tokens are refused at once', async () => {
    const session = (await login(demo.users.admin.email, demo.password, '198.51.100.30')).body.data!.login;
    const rotated = (await platform.post<{ refreshSession: Session }>(REFRESH, { variables: { t: session.refreshToken } })).body.data!.refreshSession;
    expect((await platform.post<{ logout: boolean }>(`mutation { logout }`, { token: session.accessToken })).body.data?.logout).toBe(true);
    const refused = await platform.post(ME, { token: rotated.accessToken });
    expect(refused.status).toBe(401);
    expect(codeOf(refused)).toBe('UNAUTHENTICATED');
  });
});
