import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, demo } from '@flowgraph/shared';
import { startHarness, type Harness } from '../../../test/support/subgraph-harness.js';
import type { Context } from '../context.js';
import { ACCOUNT_SLOWDOWN_THRESHOLD, accountDelayMs, IP_FAILURE_LIMIT, LOGIN_WINDOW_SECONDS } from '../domain/login-throttle.js';
import { base32Decode, totp } from '../domain/totp.js';
import { recordEvents, testSubgraph, type EventLog } from './test-support.js';

const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { accessToken } }`;

/** A request from `address`, as the socket would say (not through a proxy). */
const from = (address: string) => ({ socket: { remoteAddress: address }, headers: {} }) as unknown as IncomingMessage;
const ATTACKER = from('203.0.113.66');
const OWNER = from('198.51.100.7');

describe('identity login throttling', () => {
  let h: Harness<Context>;
  let log: EventLog;
  beforeAll(async () => {
    h = await startHarness(testSubgraph());
    log = await recordEvents(h);
  });
  afterAll(() => h.close());

  const attempt = (email: string, password: string, request?: IncomingMessage, totpCode?: string) =>
    h.run<{ login: { accessToken: string } }>(LOGIN, { input: { email, password, ...(totpCode ? { totpCode } : {}) } }, anonymous, request);
  const codeOf = (result: Awaited<ReturnType<typeof attempt>>) => result.errors?.[0]?.extensions?.code;

  it("locks the account for the guessing address after 5 failures, even the right password, with growing advice; the owner's address is unaffected", async () => {
    const email = demo.users.user.email;
    const advice: unknown[] = [];
    for (let i = 0; i < 5; i++) {
      const result = await attempt(email, `wrong-${i}`, ATTACKER);
      expect(codeOf(result)).toBe('UNAUTHENTICATED');
      advice.push(result.errors?.[0]?.extensions?.retryAfterSeconds);
    }
    expect(advice).toEqual([1, 2, 4, 8, 16]);
    const locked = await attempt(email.toUpperCase(), demo.password, ATTACKER);
    expect(locked.data).toBeNull();
    expect(codeOf(locked)).toBe('RATE_LIMITED');
    const retryAfter = locked.errors?.[0]?.extensions?.retryAfterSeconds as number;
    expect(retryAfter).toBeGreaterThan(LOGIN_WINDOW_SECONDS - 60);
    expect(retryAfter).toBeLessThanOrEqual(LOGIN_WINDOW_SECONDS);
    await log.waitFor('identity.login.failed', (e) => e.key === demo.users.user.id && (e.data as { reason: string }).reason === 'locked');
    // The stranger did not lock the owner out: from the owner's address the right password works.
    const owner = await attempt(email, demo.password, OWNER);
    expect(owner.errors).toBeUndefined();
    expect(owner.data?.login.accessToken).toBeTruthy();
    // Another account from the attacker's address is unaffected too.
    expect((await attempt(demo.users.viewer.email, demo.password, ATTACKER)).errors).toBeUndefined();
  });

  it('resets the pair counter on success', async () => {
    const email = demo.users.viewer.email;
    for (let i = 0; i < 4; i++) await attempt(email, 'wrong-password', OWNER);
    expect((await attempt(email, demo.password, OWNER)).errors).toBeUndefined();
    expect(await h.deps.cache.get(`login:fail:pair:${email}|198.51.100.7`)).toBeUndefined();
    expect((await attempt(email, 'wrong-password', OWNER)).errors?.[0]?.extensions?.retryAfterSeconds).toBe(1);
    await attempt(email, demo.password, OWNER);
  });

  it('slows, and never locks, an account guessed from many addresses: the owner still signs in, after the delay', async () => {
    const email = demo.users.admin.email;
    // 12 failures from 12 addresses: no pair reaches its limit, the account's count passes the threshold.
    for (let i = 0; i < ACCOUNT_SLOWDOWN_THRESHOLD + 2; i++) expect(codeOf(await attempt(email, 'wrong-password', from(`192.0.2.${i + 1}`)))).toBe('UNAUTHENTICATED');
    const delay = accountDelayMs(ACCOUNT_SLOWDOWN_THRESHOLD + 2);
    expect(delay).toBe(1_000);
    const started = performance.now();
    const owner = await attempt(email, demo.password, OWNER);
    expect(owner.errors).toBeUndefined();
    expect(performance.now() - started).toBeGreaterThanOrEqual(delay - 5);
    // A password-only success does not clear the account's count: the guessing may go on elsewhere.
    expect(await h.deps.cache.get<number>(`login:fail:acct:${email}`)).toBe(ACCOUNT_SLOWDOWN_THRESHOLD + 2);
    await h.deps.cache.delete(`login:fail:acct:${email}`);
  });

  it('lets the owner through a lock with password and TOTP code, which lifts it; a wrong code or password stays refused without saying which', async () => {
    const { signUp } = (
      await h.run<{ signUp: { user: { id: string; tenant: { id: string } } } }>(
        `mutation { signUp(input: { tenantName: "Throttled", tenantSlug: "throttled", email: "owner@throttle.test", name: "Owner", password: "correct-horse-battery" }) { user { id tenant { id } } } }`,
      )
    ).data!;
    const owner = { kind: 'user' as const, userId: signUp.user.id, tenantId: signUp.user.tenant.id, roles: ['admin' as const], tokenId: 'test', expiresAt: new Date(Date.now() + 60_000) };
    const secret = (await h.run<{ enableMfa: { secret: string } }>(`mutation { enableMfa { secret } }`, undefined, owner)).data!.enableMfa.secret;
    const code = () => totp(base32Decode(secret), new Date());
    expect((await h.run(`mutation($c: String!) { verifyMfa(code: $c) }`, { c: code() }, owner)).errors).toBeUndefined();
    const email = 'owner@throttle.test';
    // The shared address (an office NAT) that a stranger used to lock the account.
    for (let i = 0; i < 5; i++) await attempt(email, `wrong-${i}`, ATTACKER);
    await h.deps.cache.set(`login:fail:acct:${email}`, ACCOUNT_SLOWDOWN_THRESHOLD + 3, { ttlSeconds: 60 });
    expect(codeOf(await attempt(email, 'correct-horse-battery', ATTACKER))).toBe('RATE_LIMITED');
    expect(codeOf(await attempt(email, 'correct-horse-battery', ATTACKER, '000000'))).toBe('RATE_LIMITED');
    expect(codeOf(await attempt(email, 'wrong-password', ATTACKER, code()))).toBe('RATE_LIMITED');
    const through = await attempt(email, 'correct-horse-battery', ATTACKER, code());
    expect(through.errors).toBeUndefined();
    expect(through.data?.login.accessToken).toBeTruthy();
    expect(await h.deps.cache.get(`login:fail:pair:${email}|203.0.113.66`)).toBeUndefined();
    expect(await h.deps.cache.get(`login:fail:acct:${email}`)).toBeUndefined();
  });

  it('locks an address out after 50 failures in the window, whatever the account', async () => {
    const counted = (await h.deps.cache.get<number>('login:fail:ip:unknown')) ?? 0;
    for (let i = counted; i < IP_FAILURE_LIMIT; i++) await h.deps.cache.increment('login:fail:ip:unknown', LOGIN_WINDOW_SECONDS);
    const result = await attempt(demo.users.admin.email, demo.password);
    expect(codeOf(result)).toBe('RATE_LIMITED');
    await h.deps.cache.delete('login:fail:ip:unknown');
    expect((await attempt(demo.users.admin.email, demo.password)).errors).toBeUndefined();
  });

  it('takes the client address from the socket, or from x-forwarded-for when the gateway (a trusted proxy) sent it', () => {
    const direct = { socket: { remoteAddress: '203.0.113.7' }, headers: { 'x-forwarded-for': '198.51.100.1' } } as unknown as IncomingMessage;
    expect(h.built.createContext(anonymous, direct).clientIp).toBe('203.0.113.7');
    const viaGateway = { socket: { remoteAddress: '127.0.0.1' }, headers: { 'x-forwarded-for': '198.51.100.1' } } as unknown as IncomingMessage;
    expect(h.built.createContext(anonymous, viaGateway).clientIp).toBe('198.51.100.1');
    expect(h.built.createContext(anonymous).clientIp).toBe('unknown');
  });
});
