import { createServer } from 'node:http';
import { buildSchema } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { unauthenticated } from '../graphql/errors.js';
import { createLogger } from '../logger.js';
import { listen, type RunningServer } from './graphql-http-server.js';
import { attachGraphQLWebSocket, WsCloseCode, type WsCaller } from './graphql-ws-server.js';

describe('attachGraphQLWebSocket', () => {
  let running: RunningServer | undefined;
  let ws: { close(): Promise<void> } | undefined;
  afterEach(async () => {
    await ws?.close();
    await running?.close();
  });

  /** What the credential store says; tests flip it while a connection is open. */
  const credential = { state: 'valid' as 'valid' | 'revoked' | 'unreachable' };

  /** Renewals the server made by itself (API-key-like credentials); a test may make the next one fail. */
  const renewals = { made: 0, refuse: false };

  async function serve(lifetimeMs: number, credentialRecheckMs?: number) {
    credential.state = 'valid';
    renewals.made = 0;
    renewals.refuse = false;
    // Renewable like an API key: the server refreshes it before it expires, each time for another lifetime.
    const renewable = (): WsCaller<string> => ({
      auth: 'partner',
      expiresAt: new Date(Date.now() + lifetimeMs),
      renew: async () => {
        if (renewals.refuse) throw unauthenticated('API key is invalid or revoked');
        renewals.made += 1;
        return renewable();
      },
    });
    const server = createServer((_req, res) => res.end());
    ws = attachGraphQLWebSocket<string, { caller: string }>({
      server,
      paths: ['/graphql'],
      schema: buildSchema('type Query { hello: String }'),
      logger: createLogger('test', 'silent'),
      credentialRecheckMs,
      authenticate: async (params) => {
        if (credential.state === 'unreachable') throw new Error('connect ECONNREFUSED (the denylist cache)');
        if (params['x-api-key'] === 'key') return renewable();
        // `good` lives `lifetimeMs`; `fresh`, a later token of the same caller, a minute; `other` is someone else's.
        const lifetimes: Record<string, [string, number]> = { 'Bearer good': ['someone', lifetimeMs], 'Bearer fresh': ['someone', 60_000], 'Bearer other': ['someone else', 60_000] };
        const known = lifetimes[String(params.authorization)];
        if (!known) return undefined;
        if (credential.state === 'revoked') throw unauthenticated('Access token has been revoked');
        return { auth: known[0], expiresAt: new Date(Date.now() + known[1]) };
      },
      samePrincipal: (current, next) => current === next,
      context: ({ auth }) => ({ caller: auth }),
    });
    running = await listen(server, 0, '127.0.0.1');
    return `${running.url.replace('http', 'ws')}/graphql`;
  }

  /** Opens a connection; resolves with its close code. `onOpen` gets the socket once acknowledged, to send renewals on. */
  const closeCodeOf = (url: string, authorization?: string | Record<string, string>, onOpen?: (socket: WebSocket) => void) =>
    new Promise<number>((resolve) => {
      createClient({
        url,
        webSocketImpl: WebSocket,
        lazy: false,
        retryAttempts: 0,
        connectionParams: typeof authorization === 'string' ? { authorization } : (authorization ?? {}),
        on: {
          connected: (socket) => onOpen?.(socket as WebSocket),
          closed: (event) => resolve((event as { code: number }).code),
        },
        onNonLazyError: () => undefined,
      });
    });
  const renewOn = (socket: WebSocket, authorization: string) => socket.send(JSON.stringify({ type: 'ping', payload: { authorization } }));
  /** Races a close against a delay: undefined means still open after `ms`. */
  const closedWithin = (closed: Promise<number>, ms: number) => Promise.race([closed, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms))]);

  it('closes a connection without valid credentials with 4401', async () => {
    const url = await serve(60_000);
    expect(await closeCodeOf(url)).toBe(WsCloseCode.Unauthorized);
    expect(await closeCodeOf(url, 'Bearer forged')).toBe(WsCloseCode.Unauthorized);
  });

  it('closes a connection with 4403 when its credential expires', async () => {
    const url = await serve(300);
    const started = Date.now();
    expect(await closeCodeOf(url, 'Bearer good')).toBe(WsCloseCode.TokenExpired);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('closes an open connection with 4401 once a recheck finds its credential revoked', async () => {
    const url = await serve(60_000, 100);
    const closed = closeCodeOf(url, 'Bearer good');
    await new Promise((resolve) => setTimeout(resolve, 350));
    credential.state = 'revoked';
    expect(await closed).toBe(WsCloseCode.Unauthorized);
  });

  it('keeps a verified connection open while its credential cannot be rechecked, and closes it at expiry as usual', async () => {
    const url = await serve(800, 100);
    const closed = closeCodeOf(url, 'Bearer good');
    await new Promise((resolve) => setTimeout(resolve, 150));
    credential.state = 'unreachable';
    const started = Date.now();
    expect(await closed).toBe(WsCloseCode.TokenExpired);
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
  });

  it('renews a connection on a ping carrying a later token of the same caller, past the first token\'s expiry', async () => {
    const url = await serve(400);
    let socket: WebSocket | undefined;
    const closed = closeCodeOf(url, 'Bearer good', (open) => (socket = open));
    await expect.poll(() => socket).toBeDefined();
    const pongs: unknown[] = [];
    socket!.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as { type: string; payload?: unknown };
      if (message.type === 'pong') pongs.push(message);
    });
    renewOn(socket!, 'Bearer fresh');
    expect(await closedWithin(closed, 900)).toBeUndefined();
    // The pong answers the renewal without echoing the token back.
    expect(pongs).toEqual([{ type: 'pong', payload: {} }]);
    socket!.close(1000);
  });

  it('closes a connection with 4401 when a renewal carries an invalid token or another caller\'s', async () => {
    const url = await serve(60_000);
    for (const renewal of ['Bearer forged', 'Bearer other']) {
      let socket: WebSocket | undefined;
      const closed = closeCodeOf(url, 'Bearer good', (open) => (socket = open));
      await expect.poll(() => socket).toBeDefined();
      renewOn(socket!, renewal);
      expect(await closedWithin(closed, 2_000)).toBe(WsCloseCode.Unauthorized);
    }
  });

  it('renews a credential it can refresh by itself before each expiry, and closes with 4401 once that is refused', async () => {
    const url = await serve(300);
    const closed = closeCodeOf(url, { 'x-api-key': 'key' });
    expect(await closedWithin(closed, 1_000)).toBeUndefined();
    expect(renewals.made).toBeGreaterThanOrEqual(3);
    renewals.refuse = true;
    expect(await closedWithin(closed, 1_000)).toBe(WsCloseCode.Unauthorized);
  });
});
