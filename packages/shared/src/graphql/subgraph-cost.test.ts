import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, subgraphEnvShape } from '../config.js';
import type { RunningServer } from '../http/graphql-http-server.js';
import { createLogger } from '../logger.js';
import { costLimitFromEnv } from './operation-cost.js';
import { createSubgraphServer } from './subgraph.js';

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@listSize"])
  type Query { items(first: Int = 10): [Item!]! @listSize(slicingArguments: ["first"]) }
  type Item @key(fields: "id") { id: ID! tags: [Tag!]! @listSize(assumedSize: 5) }
  type Tag { name: String! }
`);

describe("a subgraph's endpoint applies the cost limit configured by the environment", () => {
  let running: RunningServer;
  let resolved = 0;
  const post = async (query: string, variables?: unknown) => {
    const response = await fetch(`${running.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] } };
  };

  beforeAll(async () => {
    // As a subgraph's server.ts reads it: OPERATION_MAX_COST and OPERATION_COST_MODE, the gateway's variables.
    const config = loadConfig('test', subgraphEnvShape, { OPERATION_MAX_COST: '100', OPERATION_COST_MODE: 'enforce' });
    const schema = buildSubgraphSchema({
      typeDefs,
      resolvers: {
        Query: {
          items: (_: unknown, { first }: { first: number }) => {
            resolved++;
            return Array.from({ length: first }, (_, i) => ({ id: String(i), tags: [] }));
          },
        },
        Item: { __resolveReference: (ref: { id: string }) => ({ id: ref.id, tags: [] }) },
      },
    });
    const server = await createSubgraphServer({
      name: 'test',
      schema,
      verifyToken: () => Promise.reject(new Error('no tokens here')),
      createContext: (auth) => ({ auth }),
      readiness: {},
      logger: createLogger('test', 'silent'),
      production: false,
      cost: costLimitFromEnv(config),
    });
    running = await server.listen(0, '127.0.0.1');
  });
  afterAll(() => running?.close());

  it('refuses over the configured budget with the estimate, before any resolver runs', async () => {
    // 30 items × (1 + 5 tags) = 180 > 100.
    const refused = await post(`{ items(first: 30) { id tags { name } } }`);
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'OPERATION_TOO_COMPLEX', limit: 'cost', max: 100, measured: 180 });
    expect(resolved).toBe(0);
  });

  it('serves within the budget', async () => {
    const served = await post(`{ items(first: 10) { id tags { name } } }`);
    expect(served.body.errors).toBeUndefined();
    expect(resolved).toBe(1);
  });

  it('sizes `_entities` by the representations sent', async () => {
    const entities = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Item { id tags { name } } } }`;
    const over = await post(entities, { r: Array.from({ length: 20 }, (_, i) => ({ __typename: 'Item', id: String(i) })) });
    expect(over.body.errors?.[0]?.extensions).toMatchObject({ code: 'OPERATION_TOO_COMPLEX', measured: 20 * 6 });
    const within = await post(entities, { r: [{ __typename: 'Item', id: '1' }] });
    expect(within.body.errors).toBeUndefined();
    expect(within.body.data).toEqual({ _entities: [{ id: '1', tags: [] }] });
  });
});
