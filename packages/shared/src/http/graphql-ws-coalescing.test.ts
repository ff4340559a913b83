import { EventEmitter, on } from 'node:events';
import { createServer } from 'node:http';
import type { Duplex } from 'node:stream';
// graphql-ws resolves graphql's CommonJS build; the schema must come from the same one.
import { GraphQLInt, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql/index.js';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { listen, type RunningServer } from './graphql-http-server.js';
import { attachGraphQLWebSocket } from './graphql-ws-server.js';

/**
 * One event for many subscriptions of one connection (the gateway's multiplexed connection to a
 * subgraph): the frames must leave together, not one syscall each.
 */
describe('graphql-ws write coalescing', () => {
  let running: RunningServer | undefined;
  let ws: { close(): Promise<void> } | undefined;
  let client: Client | undefined;
  afterEach(async () => {
    await client?.dispose();
    await ws?.close();
    await running?.close();
  });

  it('sends the frames one event produces for many subscriptions of a connection in two writes, not one each', async () => {
    const ticks = new EventEmitter();
    ticks.setMaxListeners(0);
    let subscribed = 0;
    const schema = new GraphQLSchema({
      query: new GraphQLObjectType({ name: 'Query', fields: { hello: { type: GraphQLString } } }),
      subscription: new GraphQLObjectType({
        name: 'Subscription',
        fields: {
          tick: {
            type: GraphQLInt,
            subscribe: () => {
              subscribed += 1;
              return on(ticks, 'tick');
            },
            resolve: (args: unknown[]) => args[0],
          },
        },
      }),
    });
    const server = createServer((_req, res) => res.end());
    // The server side of the connection, to count the writes that reach it.
    const writes: number[] = [];
    server.on('upgrade', (_request, socket: Duplex) => {
      const count = writes.push(0) - 1;
      const writev = socket._writev?.bind(socket);
      const write = socket._write.bind(socket);
      if (writev) socket._writev = (chunks, callback) => { writes[count]! += 1; writev(chunks, callback); };
      socket._write = (chunk, encoding, callback) => { writes[count]! += 1; write(chunk, encoding, callback); };
    });
    ws = attachGraphQLWebSocket<string, object>({
      server,
      paths: ['/graphql'],
      schema,
      logger: createLogger('test', 'silent'),
      authenticate: async () => ({ auth: 'someone' }),
      samePrincipal: (a, b) => a === b,
      context: () => ({}),
      coalesceWrites: true,
    });
    running = await listen(server, 0, '127.0.0.1');
    client = createClient({ url: `${running.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, lazy: false, retryAttempts: 0 });

    const SUBSCRIPTIONS = 40;
    let received = 0;
    for (let i = 0; i < SUBSCRIPTIONS; i++) {
      client.subscribe<{ tick: number }>({ query: 'subscription { tick }' }, { next: () => (received += 1), error: () => undefined, complete: () => undefined });
    }
    await expect.poll(() => subscribed, { timeout: 5_000 }).toBe(SUBSCRIPTIONS);
    const before = writes[0]!;
    ticks.emit('tick', 7);
    await expect.poll(() => received, { timeout: 5_000 }).toBe(SUBSCRIPTIONS);
    // The first frame at once, the rest together; without coalescing `ws` flushes every frame by itself.
    expect(writes[0]! - before).toBe(2);
  });
});
