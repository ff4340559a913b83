import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { parse, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { authenticate, type TokenVerifier } from '../auth/jwt.js';
import { sameCaller, type AuthContext } from '../auth/context.js';
import { attachGraphQLWebSocket } from '../http/graphql-ws-server.js';
import { createGraphQLHttpServer, listen, type HealthCheck, type RouteHandler, type RunningServer } from '../http/graphql-http-server.js';
import type { Logger } from '../logger.js';
import { clientError, isExpectedError } from './client-errors.js';
import { guardSchema, type PermissionMap } from './permissions.js';
import { DEFAULT_OPERATION_LIMITS, type OperationLimits } from './operation-limits-config.js';
import { costLimitPlugin } from './cost-limit-plugin.js';
import { costDirectivesFromSdl, DEFAULT_COST_LIMIT, type CostDirectives, type CostLimit } from './operation-cost.js';

/** Operations one websocket may have open at a subgraph; above the gateway's per-user bound, which it must exceed. */
export const SUBGRAPH_MAX_OPERATIONS_PER_CONNECTION = 10_000;

export interface AuthenticatedContext extends BaseContext {
  auth: AuthContext;
}

export function loadTypeDefs(url: URL): DocumentNode {
  return parse(readFileSync(url, 'utf8'));
}

export interface SubgraphSchemaOptions {
  typeDefs: DocumentNode;
  /** The codegen-typed resolver map; structurally the map @apollo/subgraph expects. */
  resolvers: object;
  permissions: PermissionMap;
}

/** The executable, permission-guarded schema of one subgraph. */
export function buildGuardedSubgraphSchema(options: SubgraphSchemaOptions): GraphQLSchema {
  const schema = buildSubgraphSchema({ typeDefs: options.typeDefs, resolvers: options.resolvers as GraphQLResolverMap<unknown> });
  return guardSchema(schema, options.permissions);
}

export interface SubgraphServerOptions<TContext extends AuthenticatedContext> {
  name: string;
  schema: GraphQLSchema;
  verifyToken: TokenVerifier;
  /** Builds the per-request context (loaders, repositories) around the verified caller. */
  createContext: (auth: AuthContext, req: IncomingMessage) => TContext;
  readiness: Record<string, HealthCheck>;
  routes?: Record<string, RouteHandler>;
  logger: Logger;
  production: boolean;
  /** The websocket keep-alive (see attachGraphQLWebSocket); graphql-ws's 12 s by default. */
  websocketKeepAliveMs?: number | undefined;
  /** The same request and document limits as the gateway's: subgraphs are reachable directly. */
  limits?: OperationLimits | undefined;
  /** The same cost limit as the gateway's, on this subgraph's own schema; DEFAULT_COST_LIMIT when absent. */
  cost?: CostLimit | undefined;
}

/**
 * @cost and @listSize as this subgraph declares them. Its `_entities` (the gateway's entity fetches)
 * returns one entity per representation sent: its size is that count, not an assumed one.
 */
export function subgraphCostDirectives(schema: GraphQLSchema): CostDirectives {
  const declared = costDirectivesFromSdl(printSubgraphSchema(schema));
  const listSizes = new Map(declared.listSizes);
  listSizes.set('Query._entities', { slicingArguments: ['representations'] });
  return { ...declared, listSizes };
}

export interface SubgraphServer {
  readonly apollo: ApolloServer<AuthenticatedContext>;
  listen(port: number, host: string): Promise<RunningServer>;
}

export async function createSubgraphServer<TContext extends AuthenticatedContext>(options: SubgraphServerOptions<TContext>): Promise<SubgraphServer> {
  const limits = options.limits ?? DEFAULT_OPERATION_LIMITS;
  const costDirectives = subgraphCostDirectives(options.schema);
  const apollo = new ApolloServer<TContext>({
    schema: options.schema,
    // Subgraphs are reachable directly: an operation over the cost budget is refused here too, before it runs.
    plugins: [costLimitPlugin<TContext>({ limit: options.cost ?? DEFAULT_COST_LIMIT, schema: () => options.schema, directives: () => costDirectives, logger: options.logger })],
    introspection: !options.production,
    includeStacktraceInErrorResponses: !options.production,
    // No "did you mean" field suggestions for strangers probing the schema.
    hideSchemaDetailsFromClientErrors: options.production,
    allowBatchedHttpRequests: limits.maxBatch > 1,
    // In production an unexpected failure's message (a driver's, a socket's) is logged, not sent.
    ...(options.production
      ? {
          formatError: (formatted: GraphQLFormattedError, error: unknown) => {
            if (!isExpectedError(formatted)) options.logger.error({ err: unwrapResolverError(error) }, 'unexpected error in an operation');
            return clientError(formatted);
          },
        }
      : {}),
    csrfPrevention: true,
    logger: options.logger,
  });
  await apollo.start();
  const http = createGraphQLHttpServer<TContext>({
    apollo,
    logger: options.logger,
    readiness: options.readiness,
    limits,
    schema: () => options.schema,
    ...(options.routes ? { routes: options.routes } : {}),
    context: async (req) => {
      const header = req.headers.authorization;
      const auth = await authenticate(typeof header === 'string' ? header : undefined, options.verifyToken);
      return options.createContext(auth, req);
    },
  });
  http.on('close', () => void apollo.stop());
  // Subscriptions: graphql-ws on the same port and path, authenticated by `connection_init`'s
  // `authorization` with the same verifier, resolved with the same per-request context.
  const ws = attachGraphQLWebSocket<AuthContext, TContext>({
    server: http,
    paths: ['/graphql'],
    schema: options.schema,
    // The same document limits, cost limit and schema hiding as over HTTP.
    guard: { limits, cost: { limit: options.cost ?? DEFAULT_COST_LIMIT, directives: () => costDirectives }, hideSchema: options.production },
    logger: options.logger,
    authenticate: async (params) => {
      const authorization = typeof params.authorization === 'string' ? params.authorization : undefined;
      const auth = await authenticate(authorization, options.verifyToken);
      return auth.kind === 'user' ? { auth, expiresAt: auth.expiresAt } : undefined;
    },
    // A renewed token (the gateway renews its connections before their tokens expire) must be the same caller's.
    samePrincipal: sameCaller,
    context: ({ auth }, req) => options.createContext(auth, req),
    // The gateway multiplexes a caller's subscriptions over one connection: one event, many frames on it.
    coalesceWrites: true,
    keepAliveMs: options.websocketKeepAliveMs,
    // That connection carries all of one caller's subscriptions at one gateway instance (bounded there
    // per user, 300 by default), so the bound here is only against a client that reached the subgraph.
    limits: { perConnection: SUBGRAPH_MAX_OPERATIONS_PER_CONNECTION },
  });
  return {
    apollo: apollo as unknown as ApolloServer<AuthenticatedContext>,
    listen: async (port, host) => {
      const running = await listen(http, port, host);
      return {
        ...running,
        close: async () => {
          await ws.close();
          await running.close();
        },
      };
    },
  };
}
