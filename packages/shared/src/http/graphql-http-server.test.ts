import { ApolloServer } from '@apollo/server';
import { buildSchema, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_OPERATION_LIMITS } from '../graphql/operation-limits-config.js';
import { createLogger } from '../logger.js';
import { createGraphQLHttpServer, listen, type RunningServer } from './graphql-http-server.js';

const typeDefs = 'type Query { node: Node } type Node { id: ID! next: Node }';
const deep = (levels: number) => `{ node { ${'next { '.repeat(levels)}id${' }'.repeat(levels)} } }`;

describe('the document limits of a GraphQL HTTP server, with the verdicts of recent documents remembered', () => {
  let apollo: ApolloServer;
  let running: RunningServer;
  let schema: GraphQLSchema | undefined;

  const post = async (query: string) => {
    const response = await fetch(`${running.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] } };
  };

  beforeAll(async () => {
    apollo = new ApolloServer({ typeDefs, resolvers: { Query: { node: () => ({ id: 'n1', next: null }) } } });
    await apollo.start();
    schema = buildSchema(typeDefs);
    const server = createGraphQLHttpServer({
      apollo,
      logger: createLogger('http-test', 'silent'),
      context: async () => ({}),
      readiness: {},
      limits: { ...DEFAULT_OPERATION_LIMITS, maxDepth: 4, maxTokens: 20_000 },
      schema: () => schema,
    });
    running = await listen(server, 0, '127.0.0.1');
  });
  afterAll(async () => {
    await running.close();
    await apollo.stop();
  });

  it('refuses a document over a limit every time it is sent, and serves one within the limits every time', async () => {
    for (let i = 0; i < 3; i++) {
      const refused = await post(deep(6));
      expect(refused.status).toBe(400);
      expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'OPERATION_TOO_COMPLEX', limit: 'depth', max: 4, measured: 8 });
      const served = await post(deep(1));
      expect(served.status).toBe(200);
      expect(served.body).toEqual({ data: { node: { next: null } } });
    }
  });

  it('measures a document too long to be remembered each time', async () => {
    const long = `${' '.repeat(20_000)}${deep(6)}`;
    for (let i = 0; i < 2; i++) expect((await post(long)).body.errors?.[0]?.extensions).toMatchObject({ code: 'OPERATION_TOO_COMPLEX', limit: 'depth' });
  });

  it('measures documents again against a schema that replaced the last one, and not at all without one', async () => {
    expect((await post(deep(6))).status).toBe(400);
    schema = undefined;
    // Unmeasured here, Apollo serves it (the remembered refusal belonged to the schema served before).
    expect(await post(deep(6))).toMatchObject({ status: 200, body: { data: { node: { next: null } } } });
    schema = buildSchema(typeDefs);
    expect((await post(deep(6))).status).toBe(400);
  });
});
