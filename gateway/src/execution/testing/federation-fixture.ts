import { composeServices } from '@apollo/composition';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { parse } from 'graphql';
import { GraphQLError } from '../graphql-runtime.js';

/**
 * Four small subgraphs that exercise what a federated executor must get right: entities across
 * subgraphs with nested fetches, @requires, @provides, @shareable, an entity interface and an
 * @interfaceObject, a union and an interface, lists of lists, and fields that fail (nullable and not).
 */
const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@interfaceObject"])';

interface User {
  id: string;
  name: string;
  username: string;
  secret: string | null;
}
const users: User[] = [
  { id: 'u1', name: 'Ada', username: 'ada', secret: 's1' },
  { id: 'u2', name: 'Bob', username: 'bob', secret: 's2' },
  { id: 'u3', name: 'Cy', username: 'cy', secret: null },
];
const products = [
  { upc: 'p1', name: 'Table', price: 100, weight: 20 },
  { upc: 'p2', name: 'Chair', price: 50, weight: 5 },
  { upc: 'p3', name: 'Lamp', price: 30, weight: 2 },
];
const reviews = [
  { id: 'r1', body: 'Solid', rating: 5, authorId: 'u1', upc: 'p1', flagged: 'no' },
  { id: 'r2', body: 'Wobbly', rating: 2, authorId: 'u1', upc: 'p2', flagged: 'no' },
  { id: 'r3', body: 'Fine', rating: 4, authorId: 'u2', upc: 'p1', flagged: 'no' },
  { id: 'r4', body: 'Bright', rating: 3, authorId: 'u3', upc: 'p3', flagged: null },
];
const media = [
  { id: 'b1', kind: 'Book', title: 'Dune', pages: 412 },
  { id: 'm1', kind: 'Movie', title: 'Alien', minutes: 117 },
];

type Row = Record<string, unknown>;
const byId = <T extends { id: string }>(rows: T[], id: unknown) => rows.find((row) => row.id === id) ?? null;

const subgraphs: { name: string; typeDefs: string; resolvers: GraphQLResolverMap<unknown> }[] = [
  {
    name: 'accounts',
    typeDefs: `${LINK}
      type Query { me: User users: [User!]! user(id: ID!): User search(term: String!): [SearchResult!]! matrix: [[Int]]! node(id: ID!): Node nodes: [Node!]! }
      interface Node { id: ID! }
      type Admin implements Node { id: ID! level: Int! }
      type User implements Node @key(fields: "id") { id: ID! name: String! username: String @shareable nickname: String secret: String! friends: [User!]! }
      type Product @key(fields: "upc", resolvable: false) { upc: String! }
      union SearchResult = User | Product`,
    resolvers: {
      Query: {
        me: () => users[0],
        users: () => users,
        user: (_: unknown, { id }: Row) => byId(users, id),
        search: (_: unknown, { term }: Row) => [...users.filter((u) => u.name.toLowerCase().includes(String(term))), ...products.filter((p) => p.name.toLowerCase().includes(String(term))).map(({ upc }) => ({ upc }))],
        matrix: () => [[1, 2], [null, 4], []],
        node: (_: unknown, { id }: Row) => (id === 'a1' ? { id: 'a1', level: 9 } : byId(users, id)),
        nodes: () => [{ id: 'a1', level: 9 }, users[1]],
      },
      Node: { __resolveType: (node: Row) => ('level' in node ? 'Admin' : 'User') },
      SearchResult: { __resolveType: (result: Row) => ('upc' in result ? 'Product' : 'User') },
      User: {
        __resolveReference: (ref: Row) => byId(users, ref.id),
        nickname: (user: User) => {
          if (user.id === 'u2') throw new GraphQLError('Bob keeps his nickname private', { extensions: { code: 'FORBIDDEN' } });
          return user.name.slice(0, 2);
        },
        friends: (user: User) => users.filter((other) => other.id !== user.id),
      },
    },
  },
  {
    name: 'products',
    typeDefs: `${LINK}
      type Query { topProducts(first: Int = 2): [Product!]! product(upc: String!): Product media: [Media!]! }
      type Product @key(fields: "upc") { upc: String! name: String! price: Int! weight: Int! }
      interface Media @key(fields: "id") { id: ID! title: String! }
      type Book implements Media @key(fields: "id") { id: ID! title: String! pages: Int! }
      type Movie implements Media @key(fields: "id") { id: ID! title: String! minutes: Int! }`,
    resolvers: {
      Query: {
        topProducts: (_: unknown, { first }: Row) => products.slice(0, Number(first)),
        product: (_: unknown, { upc }: Row) => products.find((p) => p.upc === upc) ?? null,
        media: () => media,
      },
      Product: { __resolveReference: (ref: Row) => products.find((p) => p.upc === ref.upc) ?? null },
      Media: { __resolveReference: (ref: Row) => byId(media, ref.id), __resolveType: (m: Row) => m.kind },
      Book: { __resolveReference: (ref: Row) => byId(media, ref.id) },
      Movie: { __resolveReference: (ref: Row) => byId(media, ref.id) },
    },
  },
  {
    name: 'inventory',
    typeDefs: `${LINK}
      type Product @key(fields: "upc") { upc: String! price: Int! @external weight: Int! @external inStock: Boolean shippingEstimate: Int! @requires(fields: "price weight") }`,
    resolvers: {
      Product: {
        __resolveReference: (ref: Row) => ({ ...ref, inStock: ref.upc !== 'p2' }),
        shippingEstimate: (product: Row) => (Number(product.price) > 60 ? 0 : Number(product.weight) * 2),
      },
    },
  },
  {
    name: 'reviews',
    typeDefs: `${LINK}
      type Query { topReviews(first: Int = 4): [Review!]! flaggedReviews: [Review!]! }
      type Mutation { previewReview(upc: String!, body: String!): Review! }
      type Review @key(fields: "id") { id: ID! body: String! rating: Int author: User @provides(fields: "username") product: Product! flagged: String! }
      type User @key(fields: "id") { id: ID! username: String @external reviews: [Review!]! }
      type Product @key(fields: "upc") { upc: String! reviews: [Review!]! }
      type Media @key(fields: "id") @interfaceObject { id: ID! reviewCount: Int! }`,
    resolvers: {
      Query: { topReviews: (_: unknown, { first }: Row) => reviews.slice(0, Number(first)), flaggedReviews: () => reviews },
      // A review as it would be stored, not stored: both gateways of a differential run send the same mutation.
      Mutation: {
        previewReview: (_: unknown, { upc, body }: Row) => {
          if (!body) throw new GraphQLError('A review needs a body', { extensions: { code: 'BAD_USER_INPUT' } });
          return { id: `draft-${String(upc)}`, body, rating: 5, authorId: 'u1', upc, flagged: 'no' };
        },
      },
      Review: {
        __resolveReference: (ref: Row) => byId(reviews, ref.id),
        rating: (review: Row) => {
          if (review.id === 'r2') throw new GraphQLError('Rating withheld', { extensions: { code: 'RATING_WITHHELD' } });
          return review.rating;
        },
        author: (review: Row) => ({ id: review.authorId, username: users.find((u) => u.id === review.authorId)?.username }),
        product: (review: Row) => ({ upc: review.upc }),
      },
      User: { reviews: (user: Row) => reviews.filter((r) => r.authorId === user.id) },
      Product: { reviews: (product: Row) => reviews.filter((r) => r.upc === product.upc) },
      Media: { __resolveReference: (ref: Row) => ({ id: ref.id, reviewCount: ref.id === 'b1' ? 2 : 0 }) },
    },
  },
];

export interface FederationFixture {
  /** Composed over the running subgraphs. */
  supergraphSdl: string;
  /** The same, with `inventory` routed to a port nothing listens on. */
  supergraphWithInventoryDown: string;
  /** Entity representations each subgraph was sent, by subgraph. */
  representations: Map<string, number>;
  stop(): Promise<void>;
}

export async function startFederationFixture(): Promise<FederationFixture> {
  const representations = new Map<string, number>();
  const servers: ApolloServer[] = [];
  const urls: string[] = [];
  for (const subgraph of subgraphs) {
    const server = new ApolloServer({
      schema: buildSubgraphSchema({ typeDefs: parse(subgraph.typeDefs), resolvers: subgraph.resolvers }),
      plugins: [
        ApolloServerPluginInlineTraceDisabled(),
        {
          // What the gateway asked for, before the subgraph resolves anything.
          async requestDidStart({ request }) {
            const sent: unknown = request.variables?.representations;
            if (Array.isArray(sent)) representations.set(subgraph.name, (representations.get(subgraph.name) ?? 0) + sent.length);
          },
        },
      ],
    });
    const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
    servers.push(server);
    urls.push(url);
  }
  const compose = (urlOf: (i: number) => string) => {
    const result = composeServices(subgraphs.map((s, i) => ({ name: s.name, url: urlOf(i), typeDefs: parse(s.typeDefs) })));
    if (result.errors || !result.supergraphSdl) throw new Error(`composition failed: ${result.errors?.map((e) => e.message).join('; ')}`);
    return result.supergraphSdl;
  };
  return {
    supergraphSdl: compose((i) => urls[i]!),
    supergraphWithInventoryDown: compose((i) => (subgraphs[i]!.name === 'inventory' ? 'http://127.0.0.1:9/graphql' : urls[i]!)),
    representations,
    stop: async () => {
      await Promise.all(servers.map((s) => s.stop()));
    },
  };
}
