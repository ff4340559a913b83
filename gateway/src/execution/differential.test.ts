import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import type { GatewayInterface } from '@apollo/server-gateway-interface';
import type { FormattedExecutionResult } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@flowgraph/shared/logger';
import { AuthForwardingDataSource } from '../subgraph-data-source.js';
import { SubgraphHttp } from '../subgraph-http.js';
import { FederatedGateway } from './federated-gateway.js';
import { startFederationFixture, type FederationFixture } from './testing/federation-fixture.js';

/**
 * Every operation runs through vanilla @apollo/gateway's executor and through ours, over the same
 * supergraph and the same subgraphs: `data` must be identical (key order included, as it is
 * serialised), and errors equivalent (message, path, code).
 */
const operations: { name: string; query: string; variables?: Record<string, unknown>; down?: true }[] = [
  { name: 'entities across three subgraphs, nested', query: '{ topReviews { id body author { name username reviews { id product { name price inStock } } } product { upc name reviews { body } } } }' },
  { name: '@requires', query: '{ topProducts(first: 3) { upc name shippingEstimate inStock } }' },
  { name: '@provides (username from reviews, name from accounts)', query: '{ topReviews(first: 2) { author { username } } }' },
  { name: '@shareable field from either subgraph', query: '{ users { id username name } topReviews { author { id username name } } }' },
  { name: 'entity interface and @interfaceObject', query: '{ media { __typename id title reviewCount ... on Book { pages } ... on Movie { minutes } } }' },
  { name: 'union with fragments and __typename', query: '{ search(term: "a") { __typename ... on User { name nickname } ... on Product { upc name price } } }' },
  { name: 'interface with named fragments', query: 'query Nodes { nodes { ...N } node(id: "u1") { ...N } } fragment N on Node { __typename id ... on Admin { level } ... on User { name } }' },
  { name: 'aliases, including an aliased __typename', query: '{ first: user(id: "u1") { kind: __typename who: name } second: user(id: "u2") { who: username } }' },
  { name: "aliases named like Object.prototype's members", query: '{ user(id: "u1") { constructor: name toString: username valueOf: __typename reviews { hasOwnProperty: id isPrototypeOf: product { constructor: name } } } }' },
  { name: 'variables', query: 'query ($id: ID!, $first: Int) { user(id: $id) { name reviews { id } } topProducts(first: $first) { name } }', variables: { id: 'u2', first: 1 } },
  { name: 'variables with defaults left out', query: 'query ($first: Int = 1) { topReviews(first: $first) { id } }' },
  { name: '@skip and @include on fields and fragments', query: 'query ($yes: Boolean!, $no: Boolean!) { me { name @include(if: $yes) username @skip(if: $yes) ... on User @include(if: $no) { nickname } reviews @skip(if: $no) { id product { name @include(if: $no) price } } } }', variables: { yes: true, no: false } },
  { name: 'nullable field erroring inside an entity fetch', query: '{ topReviews { id rating author { name nickname } } }' },
  { name: 'non-null field null inside an entity fetch (null propagation)', query: '{ topReviews { id author { id secret } } }' },
  { name: 'non-null field null at a root list (data null)', query: '{ flaggedReviews { id flagged } }' },
  { name: 'non-null violation bubbling through lists', query: '{ users { id secret } }' },
  { name: 'lists of lists', query: '{ matrix }' },
  { name: 'list of entities with repeats', query: '{ users { friends { reviews { product { name shippingEstimate } } } } }' },
  { name: 'a subgraph down: partial results and an error', query: '{ topProducts(first: 3) { upc name inStock } }', down: true },
  { name: 'a subgraph down under a nullable entity field', query: '{ topReviews { id product { name inStock } } }', down: true },
  { name: 'introspection beside data', query: '{ __type(name: "Review") { name fields { name } } me { __typename name } }' },
  { name: 'a mutation of two root fields, with entities of three subgraphs', query: 'mutation { a: previewReview(upc: "p1", body: "Nice") { id body author { name } product { name inStock shippingEstimate } } b: previewReview(upc: "p2", body: "Meh") { id product { name } } }' },
  { name: 'a mutation refused by its subgraph (non-null root field: data null)', query: 'mutation { previewReview(upc: "p1", body: "") { id } }' },
  { name: 'a bad variable value', query: 'query ($id: ID!) { user(id: $id) { name } }', variables: { id: { no: 1 } } },
];

interface Comparable {
  data: string;
  errors: { message: string; path: string; code: unknown }[];
}

function comparable(result: FormattedExecutionResult): Comparable {
  const errors = (result.errors ?? []).map((e) => ({ message: e.message, path: JSON.stringify(e.path ?? null), code: e.extensions?.code }));
  errors.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return { data: JSON.stringify(result.data), errors };
}

describe('our executor against @apollo/gateway over the same supergraph', () => {
  let fixture: FederationFixture;
  let http: SubgraphHttp;
  const servers: ApolloServer[] = [];
  let run: (which: 'vanilla' | 'ours', down: boolean, query: string, variables?: Record<string, unknown>) => Promise<FormattedExecutionResult>;

  beforeAll(async () => {
    fixture = await startFederationFixture();
    const logger = createLogger('differential', 'silent');
    http = new SubgraphHttp({ timeoutMs: 5_000, logger });
    const start = async (gateway: GatewayInterface) => {
      const server = new ApolloServer({ gateway, logger, includeStacktraceInErrorResponses: false });
      await server.start();
      servers.push(server);
      return server;
    };
    const vanilla = (supergraphSdl: string) => start(new ApolloGateway({ supergraphSdl, buildService: ({ url }) => new AuthForwardingDataSource(url ?? '', http), logger }));
    const ours = (supergraphSdl: string) => start(new FederatedGateway({ supergraphSdl: async () => ({ supergraphSdl }), http, subgraphUrls: {}, logger }));
    const gateways = {
      vanilla: [await vanilla(fixture.supergraphSdl), await vanilla(fixture.supergraphWithInventoryDown)],
      ours: [await ours(fixture.supergraphSdl), await ours(fixture.supergraphWithInventoryDown)],
    };
    run = async (which, down, query, variables) => {
      const response = await gateways[which][down ? 1 : 0]!.executeOperation({ query, variables }, { contextValue: { auth: { kind: 'anonymous' } } });
      if (response.body.kind !== 'single') throw new Error('expected a single result');
      return response.body.singleResult;
    };
  });
  afterAll(async () => {
    for (const server of servers) await server.stop();
    await http.close();
    await fixture.stop();
  });

  for (const { name, query, variables, down } of operations) {
    it(name, async () => {
      const vanilla = await run('vanilla', !!down, query, variables);
      const ours = await run('ours', !!down, query, variables);
      expect(comparable(ours)).toEqual(comparable(vanilla));
    });
  }

  it('answers with the subgraphs data (the comparison is not between two empty results)', async () => {
    const result = await run('ours', false, '{ topReviews(first: 1) { body author { name } product { name shippingEstimate } } }');
    expect(result).toEqual({ data: { topReviews: [{ body: 'Solid', author: { name: 'Ada' }, product: { name: 'Table', shippingEstimate: 0 } }] } });
  });

  it('answers a mutation with what its subgraphs said (the mutation comparisons are not between two empty results)', async () => {
    const result = await run('ours', false, operations.find((o) => o.name.startsWith('a mutation of two root fields'))!.query);
    expect(result).toEqual({
      data: {
        a: { id: 'draft-p1', body: 'Nice', author: { name: 'Ada' }, product: { name: 'Table', inStock: true, shippingEstimate: 0 } },
        b: { id: 'draft-p2', product: { name: 'Chair' } },
      },
    });
    const refused = await run('ours', false, 'mutation { previewReview(upc: "p1", body: "") { id } }');
    expect(refused.data).toBeNull();
    expect(refused.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([['A review needs a body', 'BAD_USER_INPUT']]);
  });

  it('reports a subgraph that is down as SERVICE_UNAVAILABLE and keeps what the others answered', async () => {
    const result = await run('ours', true, '{ topReviews(first: 1) { body product { name inStock } } }');
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(result.data).toEqual({ topReviews: [{ body: 'Solid', product: { name: 'Table', inStock: null } }] });
  });

  it('answers an alias named __proto__ as an own field, never as a prototype', async () => {
    const result = await run('ours', false, '{ user(id: "u1") { __proto__: name reviews { __proto__: id } } }');
    const user = (result.data as { user: Record<string, unknown> }).user;
    expect(Object.getPrototypeOf(user)).toBe(Object.prototype);
    expect(JSON.stringify(result.data)).toBe('{"user":{"__proto__":"Ada","reviews":[{"__proto__":"r1"},{"__proto__":"r2"}]}}');
  });

  it('sends identical fetches of one request once', async () => {
    const query = '{ me { reviews { id } } user(id: "u1") { reviews { id } } }';
    fixture.representations.clear();
    const vanilla = await run('vanilla', false, query);
    const vanillaSent = fixture.representations.get('reviews');
    fixture.representations.clear();
    const ours = await run('ours', false, query);
    expect(ours).toEqual(vanilla);
    expect(ours.data).toEqual({ me: { reviews: [{ id: 'r1' }, { id: 'r2' }] }, user: { reviews: [{ id: 'r1' }, { id: 'r2' }] } });
    expect(vanillaSent).toBe(2);
    expect(fixture.representations.get('reviews')).toBe(1);
  });

  it('sends an entity reached along several paths once per fetch', async () => {
    const query = '{ topReviews { author { name } } }';
    fixture.representations.clear();
    const vanilla = await run('vanilla', false, query);
    const vanillaSent = fixture.representations.get('accounts');
    fixture.representations.clear();
    const ours = await run('ours', false, query);
    expect(ours).toEqual(vanilla);
    // Four reviews by three authors: Ada wrote two.
    expect(vanillaSent).toBe(4);
    expect(fixture.representations.get('accounts')).toBe(3);
  });
});
