import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo, REFUSALS_BEFORE_CLOSE } from '@flowgraph/shared';
import { login } from '../support/e2e.js';
import { startSecurityPlatform, type SecurityPlatform } from './support/platform.js';
import { expectResponsive, underAttack } from './support/under-attack.js';

const PER_CONNECTION = 3;
const PER_USER = 5;
const PER_MINUTE = 10;
const SUBSCRIPTION = `subscription { workQueueChanged { kind } }`;

describe('websocket bounds (production mode, real services)', () => {
  let platform: SecurityPlatform;
  const clients: Client[] = [];
  beforeAll(async () => {
    platform = await startSecurityPlatform({
      // The suite's requests come from loopback, which it trusts to name the client in x-forwarded-for.
      websocket: { maxPerConnection: PER_CONNECTION, maxPerUser: PER_USER, connectionsPerMinute: PER_MINUTE, trustedProxies: '127.0.0.1,::1' },
    });
  });
  afterAll(async () => {
    await Promise.all(clients.map(async (client) => { await client.dispose(); }));
    await platform?.close();
  });

  /** A client whose upgrades say they come from `address`. */
  function connect(token: string, address: string): Client {
    class FromAddress extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols, { headers: { 'x-forwarded-for': address } });
      }
    }
    const client = createClient({ url: platform.wsUrl, webSocketImpl: FromAddress, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0, lazy: false, onNonLazyError: () => undefined });
    clients.push(client);
    return client;
  }

  /** `CODE` or `CODE/scope` of the first error. */
  const describeError = (extensions: Record<string, unknown> | undefined) => [extensions?.code, extensions?.scope].filter(Boolean).join('/');

  /** Starts a subscription; `refusal` resolves with the code (and scope) of an error that ends it (never, while it stays open). */
  function open(client: Client): { refusal: Promise<string>; stop: () => void } {
    let stop = () => {};
    const refusal = new Promise<string>((resolve) => {
      stop = client.subscribe(
        { query: SUBSCRIPTION },
        {
          next: (result) => result.errors && resolve(describeError(result.errors[0]?.extensions)),
          error: (error) => resolve(Array.isArray(error) ? describeError((error[0] as { extensions?: Record<string, unknown> }).extensions) : 'closed'),
          complete: () => undefined,
        },
      );
    });
    return { refusal, stop };
  }

  /** A query over the socket: proves the connection (and a free slot on it) serves operations. */
  const me = (client: Client) =>
    new Promise<unknown>((resolve, reject) => {
      let data: unknown;
      client.subscribe({ query: '{ me { email } }' }, { next: (result) => (data = result.data ?? result.errors), error: reject, complete: () => resolve(data) });
    });

  it('refuses what one socket opens past its bound with SUBSCRIPTION_LIMIT, and serves it again once one ends', async () => {
    const client = connect(await login(platform.url, demo.users.user.email), '198.51.100.41');
    const held = Array.from({ length: PER_CONNECTION }, () => open(client));
    // Operations on one socket are handled in order: this refusal comes after the held ones were counted.
    expect(await open(client).refusal).toBe('SUBSCRIPTION_LIMIT/connection');
    const stillOpen = await Promise.race([Promise.race(held.map((s) => s.refusal)), me(connect(await login(platform.url, demo.users.viewer.email), '198.51.100.42')).then(() => 'open')]);
    expect(stillOpen).toBe('open');
    held[0]!.stop();
    const deadline = Date.now() + 10_000;
    let answer: unknown = await me(client).catch(() => undefined);
    while (!(answer && typeof answer === 'object' && 'me' in answer) && Date.now() < deadline) answer = await me(client).catch(() => undefined);
    expect(answer).toEqual({ me: { email: demo.users.user.email } });
    held.forEach((s) => s.stop());
  });

  it('answers a flood of subscriptions on one socket with SUBSCRIPTION_LIMIT, then closes it with 4429, quickly', async () => {
    const token = await login(platform.url, demo.users.viewer.email);
    const frames = Array.from({ length: 5_000 }, (_, i) => JSON.stringify({ id: String(i), type: 'subscribe', payload: { query: SUBSCRIPTION } }));
    const errors: string[] = [];
    /** A bare socket speaking the protocol, so the attacker's own cost in this process is a few writes; resolves with its close code. */
    const flood = async (): Promise<number> => {
      errors.length = 0;
      const socket = new WebSocket(platform.wsUrl, 'graphql-transport-ws', { headers: { 'x-forwarded-for': '203.0.113.77' } });
      let acknowledged = () => {};
      const ack = new Promise<void>((resolve) => (acknowledged = resolve));
      socket.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString()) as { type: string; payload?: { extensions?: { code?: string } }[] };
        if (message.type === 'connection_ack') acknowledged();
        if (message.type === 'error') errors.push(String(message.payload?.[0]?.extensions?.code));
      });
      const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
      await new Promise((resolve) => socket.on('open', resolve));
      socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
      await ack;
      for (const frame of frames) socket.send(frame);
      return closed;
    };
    const report = await underAttack({ healthUrl: platform.healthUrl }, flood);
    expectResponsive(report);
    expect(report.result).toBe(4429);
    expect(errors.length).toBeGreaterThanOrEqual(REFUSALS_BEFORE_CLOSE - PER_CONNECTION);
    expect(new Set(errors)).toEqual(new Set(['SUBSCRIPTION_LIMIT']));
  });

  it("counts a user's operations over all of their sockets; another user is unaffected", async () => {
    const token = await login(platform.url, demo.users.admin.email);
    const [first, second] = [connect(token, '198.51.100.51'), connect(token, '198.51.100.52')];
    const held = Array.from({ length: PER_CONNECTION }, () => open(first));
    // In order on its socket: once this is refused, the first socket's three are counted.
    expect(await open(first).refusal).toBe('SUBSCRIPTION_LIMIT/connection');
    held.push(...Array.from({ length: PER_USER - PER_CONNECTION }, () => open(second)));
    // The second socket holds 2 of its 3: the refusal is the user's bound (3 + 2 held, this one the sixth).
    expect(await open(second).refusal).toBe('SUBSCRIPTION_LIMIT/user');
    const other = connect(await login(platform.url, demo.users.viewer.email), '198.51.100.54');
    expect(await me(other)).toEqual({ me: { email: demo.users.viewer.email } });
    held.forEach((s) => s.stop());
  });

  it('answers a connection flood from one address with 429 and Retry-After, quickly; other addresses still connect', async () => {
    const upgrade = (address: string) =>
      new Promise<number>((resolve) => {
        const socket = new WebSocket(platform.wsUrl, 'graphql-transport-ws', { headers: { 'x-forwarded-for': address } });
        socket.on('open', () => {
          socket.close();
          resolve(101);
        });
        socket.on('unexpected-response', (_req, res) => {
          res.destroy();
          resolve(res.statusCode === 429 && Number(res.headers['retry-after']) > 0 ? 429 : (res.statusCode ?? 0));
        });
        socket.on('error', () => resolve(0));
      });
    let run = 0;
    // A repeated run floods from another address: the first one's window is spent.
    const report = await underAttack({ healthUrl: platform.healthUrl }, () => {
      const address = `203.0.113.${99 + run++}`;
      return Promise.all(Array.from({ length: 300 }, () => upgrade(address)));
    });
    expectResponsive(report);
    expect(report.result.filter((status) => status === 101)).toHaveLength(PER_MINUTE);
    expect(report.result.filter((status) => status === 429)).toHaveLength(300 - PER_MINUTE);
    expect(await upgrade('198.51.100.60')).toBe(101);
  });
});
