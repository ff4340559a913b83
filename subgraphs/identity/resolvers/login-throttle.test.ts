import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, demo } from '@flowgraph/shared';
import { startHarness, type Harness } from '../../../test/support/subgraph-harness.js';
import type { Context } from '../context.js';
import { IP_FAILURE_LIMIT, LOGIN_WINDOW_SECONDS } from '../domain/login-throttle.js';
import { recordEvents, testSubgraph, type EventLog } from './test-support.js';

const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { accessToken } }`;

describe('identity login throttling', () => {
  let h: Harness<Context>;
  let log: EventLog;
  beforeAll(async () => {
    h = await startHarness(testSubgraph());
    log = await recordEvents(h);
  });
  afterAll(() => h.close());

  const attempt = (email: string, password: string) => h.run<{ login: { accessToken: string } }>(LOGIN, { input: { email, password } });

  it('gives growing backoff advice, locks the account after 5 failures even for the right password, and says how long', async () => {
    const email = demo.users.user.email;
    const advice: unknown[] = [];
    for (let i = 0; i < 5; i++) {
      const result = await attempt(email, `wrong-${i}`);
      expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      advice.push(result.errors?.[0]?.extensions?.retryAfterSeconds);
    }
    expect(advice).toEqual([1, 2, 4, 8, 16]);
    const locked = await attempt(email.toUpperCase(), demo.password);
    expect(locked.data).toBeNull();
    expect(locked.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    const retryAfter = locked.errors?.[0]?.extensions?.retryAfterSeconds as number;
    expect(retryAfter).toBeGreaterThan(LOGIN_WINDOW_SECONDS - 60);
    expect(retryAfter).toBeLessThanOrEqual(LOGIN_WINDOW_SECONDS);
    await log.waitFor('identity.login.failed', (e) => e.key === demo.users.user.id && (e.data as { reason: string }).reason === 'locked');
    // Another account from the same address is unaffected.
    expect((await attempt(demo.users.viewer.email, demo.password)).errors).toBeUndefined();
  });

  it('resets the account counter on success', async () => {
    const email = demo.users.viewer.email;
    for (let i = 0; i < 4; i++) await attempt(email, 'wrong-password');
    expect((await attempt(email, demo.password)).errors).toBeUndefined();
    expect(await h.deps.cache.get(`login:fail:acct:${email}`)).toBeUndefined();
    expect((await attempt(email, 'wrong-password')).errors?.[0]?.extensions?.retryAfterSeconds).toBe(1);
    await attempt(email, demo.password);
  });

  it('locks an address out after 50 failures in the window, whatever the account', async () => {
    const counted = (await h.deps.cache.get<number>('login:fail:ip:unknown')) ?? 0;
    for (let i = counted; i < IP_FAILURE_LIMIT; i++) await h.deps.cache.increment('login:fail:ip:unknown', LOGIN_WINDOW_SECONDS);
    const result = await attempt(demo.users.admin.email, demo.password);
    expect(result.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
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
