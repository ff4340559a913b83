import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '@flowgraph/shared';
import { login } from '../support/e2e.js';
import { aliasBomb, deepEntityCycle, fragmentExplosion } from './attacks.js';
import { startSecurityPlatform, type SecurityPlatform } from './support/platform.js';

interface Answer {
  data?: unknown;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** Requests a person may send per minute here: more than the other tests spend, fewer than the rate-limit test sends. */
const PER_USER = 20;

/** Workflows' cases connection, 100 per page with their items and history: an estimated 7,201 against a budget of 5,000. */
const OVER_COST = `{ cases(first: 100) { edges { node { id workItems { id } history { type } } } } }`;

/** One operation over graphql-ws, as a browser's client would send it: its data, or the errors it ended with. */
async function overWebsocket(url: string, token: string, query: string): Promise<Answer> {
  const client = createClient({ url, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
  try {
    return await new Promise<Answer>((resolve, reject) => {
      let answer: Answer = {};
      client.subscribe(
        { query },
        {
          next: (result) => (answer = result as Answer),
          error: (error) => (Array.isArray(error) ? resolve({ errors: error as Answer['errors'] }) : reject(error instanceof Error ? error : new Error(`socket closed: ${JSON.stringify(error)}`))),
          complete: () => resolve(answer),
        },
      );
    });
  } finally {
    await client.dispose();
  }
}

/** The close code of a socket that sent `frame` after the protocol's handshake. */
async function closeCodeAfter(url: string, token: string, frame: string): Promise<number> {
  const socket = new WebSocket(url, 'graphql-transport-ws');
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    socket.once('message', () => resolve());
    socket.once('error', reject);
  });
  socket.send(frame);
  return closed;
}

describe('operations over websockets meet the limits of HTTP requests (production mode, real services)', () => {
  let platform: SecurityPlatform;
  let token: string;
  let subgraphRequests = 0;
  const subgraphWs = () => `${platform.subgraphs.workflows.url.replace(/^http/, 'ws')}/graphql`;

  beforeAll(async () => {
    platform = await startSecurityPlatform({ rateLimits: { windowSeconds: 60, address: 10_000, user: PER_USER, apiKey: 600 } });
    token = await login(platform.url, demo.users.user.email);
    // GraphQL requests only: the gateway fetches identity's signing keys (JWKS) on its own schedule.
    for (const subgraph of Object.values(platform.subgraphs)) subgraph?.server.on('request', (request: { url?: string }) => request.url?.startsWith('/graphql') && subgraphRequests++);
  });
  afterAll(() => platform?.close());

  const attacks: [string, () => string, string][] = [
    ['a fragment explosion through entities of two subgraphs', () => fragmentExplosion(), 'fields'],
    ['an alias bomb of 10,000 aliases', () => aliasBomb(), 'tokens'],
    ['a depth-50 query through entity cycles', () => deepEntityCycle(50), 'depth'],
    ['an operation over the cost budget', () => OVER_COST, 'cost'],
  ];

  it.each(attacks)('refuses %s over the gateway socket with OPERATION_TOO_COMPLEX, sending nothing to any subgraph', async (_name, make, limit) => {
    const before = subgraphRequests;
    const answer = await overWebsocket(platform.wsUrl, token, make());
    expect(answer.data ?? null).toBeNull();
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'OPERATION_TOO_COMPLEX', limit, max: expect.any(Number), measured: expect.anything() });
    expect(answer.errors?.[0]?.extensions).not.toHaveProperty('http');
    expect(subgraphRequests - before).toBe(0);
  });

  it("refuses them at a subgraph's own socket too", async () => {
    const direct = await login(platform.url, demo.users.user.email);
    expect((await overWebsocket(subgraphWs(), direct, aliasBomb())).errors?.[0]?.extensions).toMatchObject({ code: 'OPERATION_TOO_COMPLEX', limit: 'tokens' });
    expect((await overWebsocket(subgraphWs(), direct, OVER_COST)).errors?.[0]?.extensions).toMatchObject({ code: 'OPERATION_TOO_COMPLEX', limit: 'cost', max: 5_000, measured: 7_201 });
  });

  it('answers no introspection and suggests no field names over the socket in production, and still serves an ordinary query', async () => {
    const introspection = await overWebsocket(platform.wsUrl, token, '{ __schema { types { name } } }');
    expect(introspection.errors?.[0]?.message).toContain('introspection has been disabled');
    const typo = await overWebsocket(platform.wsUrl, token, '{ me { emial } }');
    expect(typo.errors?.[0]?.message).toBe('Cannot query field "emial" on type "User".');
    expect(await overWebsocket(platform.wsUrl, token, '{ me { email } }')).toEqual({ data: { me: { email: demo.users.user.email } } });
  });

  it("spends the person's rate-limit budget with each operation over a socket, and refuses past it with RATE_LIMITED", async () => {
    const viewer = await login(platform.url, demo.users.viewer.email);
    const client = createClient({ url: platform.wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${viewer}` }, retryAttempts: 0 });
    const run = () =>
      new Promise<Answer>((resolve, reject) => {
        let answer: Answer = {};
        client.subscribe(
          { query: '{ me { email } }' },
          { next: (result) => (answer = result as Answer), error: (error) => (Array.isArray(error) ? resolve({ errors: error as Answer['errors'] }) : reject(new Error('socket closed'))), complete: () => resolve(answer) },
        );
      });
    try {
      const answers: Answer[] = [];
      for (let i = 0; i <= PER_USER; i++) answers.push(await run());
      expect(answers.slice(0, PER_USER).every((answer) => answer.errors === undefined)).toBe(true);
      const refused = answers[PER_USER]!;
      expect(refused.errors?.[0]?.extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
      // Over HTTP too: one budget per person, whichever way the operations come.
      expect((await platform.post('{ me { email } }', { token: viewer })).status).toBe(429);
    } finally {
      await client.dispose();
    }
  });

  it('closes a socket that sends a frame over the body limit (1 MB) with 1009, before reading it whole', async () => {
    const frame = JSON.stringify({ id: '1', type: 'subscribe', payload: { query: `{ me { email } } # ${'x'.repeat(2_000_000)}` } });
    expect(await closeCodeAfter(platform.wsUrl, token, frame)).toBe(1009);
    expect(await closeCodeAfter(subgraphWs(), token, frame)).toBe(1009);
  });
});
