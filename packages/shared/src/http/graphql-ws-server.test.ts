import { createServer } from 'node:http';
import { buildSchema } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { unauthenticated } from '../graphql/errors.js';
import { createLogger } from '../logger.js';
import { listen, type RunningServer } from './graphql-http-server.js';
import { attachGraphQLWebSocket, WsCloseCode } from './graphql-ws-server.js';

describe('attachGraphQLWebSocket', () => {
  let running: RunningServer | undefined;
  let ws: { close(): Promise<void> } | undefined;
  afterEach(async () => {
    await ws?.close();
    await running?.close();
  });

  /** What the credential store says; tests flip it while a connection is open. */
  const credential = { state: 'valid' as 'valid' | 'revoked' | 'unreachable' };

  async function serve(lifetimeMs: number, credentialRecheckMs?: number) {
    credential.state = 'valid';
    const server = createServer((_req, res) => res.end());
    ws = attachGraphQLWebSocket<string, { caller: string }>({
      server,
      paths: ['/graphql'],
      schema: buildSchema('type Query { hello: String }'),
      logger: createLogger('test', 'silent'),
      credentialRecheckMs,
      authenticate: async (params) => {
        if (credential.state === 'unreachable') throw new Error('connect ECONNREFUSED (the denylist cache)');
        if (params.authorization !== 'Bearer good') return undefined;
        if (credential.state === 'revoked') throw unauthenticated('Access token has been revoked');
        return { auth: 'someone', expiresAt: new Date(Date.now() + lifetimeMs) };
      },
      context: ({ auth }) => ({ caller: auth }),
    });
    running = await listen(server, 0, '127.0.0.1');
    return `${running.url.replace('http', 'ws')}/graphql`;
  }

  const closeCodeOf = (url: string, authorization?: string) =>
    new Promise<number>((resolve) => {
      const client = createClient({
        url,
        webSocketImpl: WebSocket,
        lazy: false,
        retryAttempts: 0,
        connectionParams: authorization ? { authorization } : {},
        on: { closed: (event) => resolve((event as { code: number }).code) },
        onNonLazyError: () => undefined,
      });
      void client;
    });

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
});
