import type { IncomingMessage } from 'node:http';
import type { GraphQLSchema } from 'graphql';
import type { AuthContext } from './auth/context.js';
import { isTokenDenied } from './auth/denylist.js';
import { createTokenVerifier, remoteKeys, type TokenVerifier } from './auth/jwt.js';
import type { Cache } from './cache/cache.js';
import { MemoryCache } from './cache/memory-cache.js';
import { RedisCache } from './cache/redis-cache.js';
import { loadConfig, subgraphEnvShape, type Env, type SubgraphEnv } from './config.js';
import { openDatabase, type Database, type PGlite } from './db/database.js';
import type { EventBus } from './events/event-bus.js';
import { KafkaEventBus } from './events/kafka-event-bus.js';
import { MemoryEventBus } from './events/memory-event-bus.js';
import { createSubgraphServer, type AuthenticatedContext } from './graphql/subgraph.js';
import type { HealthCheck, RouteHandler, RunningServer } from './http/graphql-http-server.js';
import { createLogger, type Logger } from './logger.js';
import { operationLimitsFromEnv, type OperationLimits } from './graphql/operation-limits-config.js';
import { costLimitFromEnv, type CostLimit } from './graphql/operation-cost.js';

/** What a subgraph needs from its surroundings; the same interfaces whether embedded or real. */
export interface SubgraphDeps {
  database: Database;
  cache: Cache;
  events: EventBus;
  verifyToken: TokenVerifier;
  logger: Logger;
  production: boolean;
  /** Request and document limits; DEFAULT_OPERATION_LIMITS when absent. */
  limits?: OperationLimits | undefined;
  /** The cost limit on the subgraph's own schema; DEFAULT_COST_LIMIT when absent. */
  cost?: CostLimit | undefined;
}

export interface BuiltSubgraph<TContext extends AuthenticatedContext> {
  schema: GraphQLSchema;
  createContext(auth: AuthContext, req?: IncomingMessage): TContext;
  routes?: Record<string, RouteHandler>;
  readiness?: Record<string, HealthCheck>;
  /** Identity verifies against its own key set instead of fetching it from itself. */
  verifyToken?: TokenVerifier;
  /** Inserts the demo rows if they are not there yet. */
  seedDemoData(): Promise<void>;
  close?(): Promise<void>;
}

/** The contract every folder under subgraphs/ implements, so one launcher can host any of them. */
export interface SubgraphModule<TContext extends AuthenticatedContext = AuthenticatedContext> {
  name: string;
  defaultPort: number;
  migrationsFolder: string;
  build(deps: SubgraphDeps): Promise<BuiltSubgraph<TContext>>;
}

export interface StartedSubgraph extends RunningServer {
  name: string;
}

/** Migrates, optionally seeds, and serves one subgraph. */
export async function startSubgraph<TContext extends AuthenticatedContext>(
  module: SubgraphModule<TContext>,
  deps: SubgraphDeps,
  options: { port: number; host: string; seed: boolean; websocketKeepAliveMs?: number | undefined },
): Promise<StartedSubgraph> {
  await deps.database.migrate(module.name, module.migrationsFolder);
  const built = await module.build(deps);
  if (options.seed) await built.seedDemoData();
  const server = await createSubgraphServer<TContext>({
    name: module.name,
    schema: built.schema,
    verifyToken: built.verifyToken ?? deps.verifyToken,
    createContext: (auth, req) => built.createContext(auth, req),
    readiness: { database: () => deps.database.ping(), cache: () => deps.cache.ping(), events: () => deps.events.ping(), ...built.readiness },
    ...(built.routes ? { routes: built.routes } : {}),
    logger: deps.logger,
    production: deps.production,
    websocketKeepAliveMs: options.websocketKeepAliveMs,
    limits: deps.limits,
    cost: deps.cost,
  });
  const running = await server.listen(options.port, options.host);
  deps.logger.info({ url: `${running.url}/graphql` }, `${module.name} subgraph ready`);
  return {
    ...running,
    name: module.name,
    close: async () => {
      await running.close();
      await built.close?.();
    },
  };
}

export function subgraphConfig(name: string, extra: Env = process.env): SubgraphEnv {
  return loadConfig(name, subgraphEnvShape, extra);
}

/** Dependencies from the environment: real Postgres when DATABASE_URL is set, embedded otherwise. */
export async function depsFromConfig(
  name: string,
  config: SubgraphEnv,
  shared: { pglite?: PGlite; cache?: Cache; events?: EventBus } = {},
): Promise<SubgraphDeps> {
  const logger = createLogger(name, config.LOG_LEVEL);
  const database = await openDatabase({
    onIdleError: (error) => logger.warn({ err: error }, 'idle database connection failed; the pool replaces it'),
    url: config.DATABASE_URL,
    pgliteDir: config.PGLITE_DIR,
    pglite: shared.pglite,
  });
  const cache = shared.cache ?? (config.REDIS_URL ? new RedisCache(config.REDIS_URL) : new MemoryCache());
  return {
    database,
    cache,
    events:
      shared.events ??
      (config.KAFKA_BROKERS
        ? new KafkaEventBus({ brokers: config.KAFKA_BROKERS.split(','), clientId: name, partitions: config.KAFKA_PARTITIONS })
        : new MemoryEventBus(config.KAFKA_PARTITIONS)),
    verifyToken: createTokenVerifier({ issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, keys: remoteKeys(config.JWKS_URL), isDenied: (jti) => isTokenDenied(cache, jti) }),
    logger,
    production: config.NODE_ENV === 'production',
    limits: operationLimitsFromEnv(config),
    cost: costLimitFromEnv(config),
  };
}

/** Entry point of a subgraph's own server.ts: configure from env, start, stop on signals. */
export async function runSubgraphFromEnv<TContext extends AuthenticatedContext>(module: SubgraphModule<TContext>): Promise<void> {
  const portVar = `${module.name.toUpperCase()}_PORT`;
  const config = subgraphConfig(module.name);
  const port = Number(process.env.PORT ?? process.env[portVar] ?? module.defaultPort);
  const deps = await depsFromConfig(module.name, {
    ...config,
    PGLITE_DIR: config.PGLITE_DIR ?? (config.DATABASE_URL ? undefined : `.data/pglite-${module.name}`),
  });
  const running = await startSubgraph(module, deps, { port, host: config.HOST, seed: config.SEED_DEMO_DATA });
  const stop = async () => {
    await running.close();
    await deps.events.close();
    await deps.cache.close();
    await deps.database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
