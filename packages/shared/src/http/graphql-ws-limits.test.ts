import { createServer, type IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import type * as GraphQLModule from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { listen, type RunningServer } from './graphql-http-server.js';
import { attachGraphQLWebSocket, SUBSCRIPTION_LIMIT, type WsLimits } from './graphql-ws-server.js';

// The schema must come from the graphql build graphql-ws executes with (node's, CommonJS); vitest's own
// resolution of `graphql` is the ESM build, whose schema that build's execute refuses as "another realm".
const { GraphQLInt, GraphQLObjectType, GraphQLSchema, GraphQLString } = createRequire(import.meta.url)('graphql') as typeof GraphQLModule;

/** `ticks` never ends by itself: each subscription stays open until its client completes it. */
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({ name: 'Query', fields: { hello: { type: GraphQLString } } }),
  subscription: new GraphQLObjectType({
    name: 'Subscription',
    fields: {
      ticks: {
        type: GraphQLInt,
        subscribe: async function* () {
          yield { ticks: 1 };
          await new Promise(() => {});
        },
      },
    },
  }),
});

describe('graphql-ws limits', () => {
  let running: RunningServer | undefined;
  let ws: { close(): Promise<void> } | undefined;
  const clients: Client[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map(async (client) => { await client.dispose(); }));
    await ws?.close();
    await running?.close();
  });

  async function serve(limits: WsLimits<string>): Promise<string> {
    const server = createServer((_req, res) => res.end());
    ws = attachGraphQLWebSocket<string, { caller: string }>({
      server,
      paths: ['/graphql'],
      schema,
      logger: createLogger('test', 'silent'),
      authenticate: async (params) => ({ auth: String(params.user) }),
      samePrincipal: (a, b) => a === b,
      context: ({ auth }) => ({ caller: auth }),
      limits,
    });
    running = await listen(server, 0, '127.0.0.1');
    return `${running.url.replace('http', 'ws')}/graphql`;
  }

  const connect = (url: string, user: string) => {
    const client = createClient({ url, webSocketImpl: WebSocket, connectionParams: { user }, retryAttempts: 0, lazy: false });
    clients.push(client);
    return client;
  };

  /** Subscribes; resolves 'open' once the first event arrives, or with the error's code. */
  function subscribe(client: Client): { outcome: Promise<string>; stop: () => void } {
    let stop = () => {};
    const outcome = new Promise<string>((resolve) => {
      stop = client.subscribe(
        { query: 'subscription { ticks }' },
        {
          next: () => resolve('open'),
          error: (error) => resolve(Array.isArray(error) ? String((error[0] as { extensions?: { code?: string } }).extensions?.code) : 'closed'),
          complete: () => resolve('complete'),
        },
      );
    });
    return { outcome, stop };
  }

  it('refuses an operation past the per-connection limit with SUBSCRIPTION_LIMIT, keeps the others, and admits one again after a completion', async () => {
    const url = await serve({ perConnection: 3 });
    const client = connect(url, 'ada');
    const open = [subscribe(client), subscribe(client), subscribe(client)];
    expect(await Promise.all(open.map((s) => s.outcome))).toEqual(['open', 'open', 'open']);
    expect(await subscribe(client).outcome).toBe(SUBSCRIPTION_LIMIT);
    open[0]!.stop();
    // The server frees the slot once it has handled the client's `complete`.
    const deadline = Date.now() + 10_000;
    let again = await subscribe(client).outcome;
    while (again !== 'open' && Date.now() < deadline) again = await subscribe(client).outcome;
    expect(again).toBe('open');
  });

  it("counts a principal's operations over all of its connections; another principal is unaffected", async () => {
    const url = await serve({ perPrincipal: 4, principalKey: (user) => user });
    const [first, second] = [connect(url, 'ada'), connect(url, 'ada')];
    const open = [subscribe(first), subscribe(first), subscribe(second), subscribe(second)];
    expect(await Promise.all(open.map((s) => s.outcome))).toEqual(['open', 'open', 'open', 'open']);
    expect(await subscribe(connect(url, 'ada')).outcome).toBe(SUBSCRIPTION_LIMIT);
    expect(await subscribe(connect(url, 'grace')).outcome).toBe('open');
  });

  it('answers upgrades past the per-address rate with 429 and Retry-After; other addresses still connect', async () => {
    const url = await serve({ connectionsPerMinute: 2, clientAddress: (req: IncomingMessage) => String(req.headers['x-test-address']) });
    const upgrade = (address: string) =>
      new Promise<{ status: number; retryAfter?: string | undefined }>((resolve) => {
        const socket = new WebSocket(url, 'graphql-transport-ws', { headers: { 'x-test-address': address } });
        socket.on('open', () => {
          socket.close();
          resolve({ status: 101 });
        });
        socket.on('unexpected-response', (_req, res) => {
          // ws leaves the refused socket to us; the server closes its end.
          res.destroy();
          resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] });
        });
      });
    expect((await upgrade('203.0.113.1')).status).toBe(101);
    expect((await upgrade('203.0.113.1')).status).toBe(101);
    const refused = await upgrade('203.0.113.1');
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);
    expect((await upgrade('198.51.100.2')).status).toBe(101);
  });
});
