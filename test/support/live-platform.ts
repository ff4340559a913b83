import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, calculateJwkThumbprint, exportJWK, exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { Redis } from 'ioredis';
import { startGateway, type GatewayConfig, type RunningGateway } from '@flowgraph/gateway';
import { identitySubgraph, JWKS_PATH } from '@flowgraph/identity';
import {
  KafkaEventBus,
  RedisCache,
  createLogger,
  createTokenVerifier,
  isTokenDenied,
  openDatabase,
  remoteKeys,
  startSubgraph,
  type AuthenticatedContext,
  type Database,
  type EventBus,
  type Role,
  type StartedSubgraph,
  type SubgraphModule,
} from '@flowgraph/shared';
import type { SubgraphName } from '@flowgraph/shared/platform/subgraphs';
import { workflowsSubgraph } from '@flowgraph/workflows';
import { subgraphModules } from '../../scripts/lib/subgraph-modules.js';
import { scratchPostgres, type DisposableDatabase } from './databases.js';
import { TEST_IDENTITY } from './e2e.js';
import { deleteRunTopics, runSuffix } from './run-topics.js';
import { requireService } from './services.js';

/** Identity's signing key, held by the test too, so it can mint tokens identity would have issued (e.g. short-lived ones). */
export interface SigningKey {
  file: string;
  /** The pair as PEMs, as production configures identity (JWT_PRIVATE_KEY, JWT_PUBLIC_KEY). */
  pems: { privatePem: string; publicPem: string };
  sign(claims: { sub: string; tenant: string; role: Role; expiresInSeconds: number }): Promise<string>;
}

export async function signingKey(): Promise<SigningKey> {
  const pair = await generateKeyPair('RS256', { extractable: true });
  const kid = await calculateJwkThumbprint(await exportJWK(pair.publicKey));
  const file = join(mkdtempSync(join(tmpdir(), 'identity-key-')), 'key.json');
  const pems = { privatePem: await exportPKCS8(pair.privateKey), publicPem: await exportSPKI(pair.publicKey) };
  writeFileSync(file, JSON.stringify(pems));
  return {
    file,
    pems,
    sign: ({ sub, tenant, role, expiresInSeconds }) => {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ tenant, roles: [role] })
        .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
        .setSubject(sub)
        .setJti(randomUUID())
        .setIssuer(TEST_IDENTITY.JWT_ISSUER)
        .setAudience(TEST_IDENTITY.JWT_AUDIENCE)
        .setIssuedAt(now)
        .setExpirationTime(now + expiresInSeconds)
        .sign(pair.privateKey);
    },
  };
}

/**
 * The run's view of the broker every run and suite shares. Each consumer group a subgraph names gets
 * the run's suffix, so a group such as analytics' fixed `analytics` is not split with the same group
 * of other runs (whose members would take some partitions, and count this run's events in their own
 * databases). Being new, the group starts at the topics' end: this run's databases know nothing of
 * what earlier runs published, and reading the topic's whole history first would only cost time.
 * Subgraphs subscribe while they start, before anything of this run is published, so nothing of the
 * run is missed.
 */
/**
 * The run's view of the shared broker: its own topics and consumer groups. Runs of different suites
 * run at once on one broker, each with its own databases: a request one run's subgraph publishes
 * (an import of a generated workflow, a template install) must be answered by that run's workflows
 * subgraph only, not by every run's, each importing into its own database and answering first.
 */
function scopedToRun(bus: EventBus, run: string): EventBus {
  const topicOf = (topic: string) => `${topic}${runSuffix(run)}`;
  return {
    publish: (topic, events) => bus.publish(topicOf(topic), events),
    subscribe: (options) => bus.subscribe({ ...options, topic: topicOf(options.topic), groupId: `${options.groupId}${runSuffix(run)}`, from: 'latest' }),
    ping: () => bus.ping(),
    close: () => bus.close(),
  };
}

export interface LiveGatewayOptions {
  websocket?: GatewayConfig['websocket'];
  /** Rate-limit budgets, counted in the run's Redis namespace and shared by the run's gateways. */
  rateLimits?: GatewayConfig['rateLimits'];
  /** Another Redis for the rate limits than the run's (e.g. an unreachable one). */
  redis?: Redis;
  /** The supergraph file the gateway loads (schema/supergraph.graphql by default); `watch` reloads it on change. */
  supergraph?: { path: string; watch: boolean };
}

/**
 * The real services of one run, to start subgraphs and gateways on: a scratch Postgres database (each
 * subgraph instance with a connection pool of its own), Redis in a namespace of the run (the logout
 * denylist and exchanged API-key tokens, shared by identity, the subgraphs and the gateways) and
 * Kafka (each subgraph instance with a client of its own, its consumer groups scoped to the run).
 * Identity is started with it: every other server fetches its signing keys.
 */
export interface LiveCluster {
  identity: StartedSubgraph;
  /** The run's scratch database, for suites that check what was (not) written. */
  databaseUrl: string;
  /**
   * Migrates, seeds unless told not to (a second replica of a subgraph), and serves `module`;
   * `websocketKeepAliveMs` for suites that stall a client on purpose.
   */
  start<TContext extends AuthenticatedContext>(module: SubgraphModule<TContext>, options?: { seed?: boolean; websocketKeepAliveMs?: number }): Promise<StartedSubgraph>;
  /** A gateway routing each subgraph of the supergraph to the instance in `routes`. */
  gateway(routes: Readonly<Record<string, StartedSubgraph>>, options?: LiveGatewayOptions): Promise<RunningGateway>;
  /** The configuration `gateway` starts one with, for a gateway started elsewhere (another process). */
  gatewayConfig(routes: Readonly<Record<string, StartedSubgraph>>, options?: Pick<LiveGatewayOptions, 'websocket' | 'rateLimits' | 'supergraph'>): GatewayConfig;
  /** The run's Redis namespace (key prefix), which its gateways share. */
  redisPrefix: string;
  close(): Promise<void>;
}

export interface LiveClusterOptions {
  key?: SigningKey;
  /** How long identity's API-key tokens live (5 minutes by default): short, to see gateway websockets renew them. */
  apiKeyTokenTtlSeconds?: number;
  /**
   * NODE_ENV=production for every server: no introspection or stack traces, and identity configured as
   * deployed, with the signing key as PEMs (`key`, else a fresh one) and an MFA encryption key.
   */
  production?: boolean;
}

export async function startLiveCluster(options: LiveClusterOptions = {}): Promise<LiveCluster> {
  const run = randomUUID().slice(0, 8);
  const redisPrefix = `flowgraph-e2e-${run}:`;
  const cache = new RedisCache(requireService('REDIS_URL'), redisPrefix);
  const redis = new Redis(requireService('REDIS_URL'), { keyPrefix: redisPrefix, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  const brokers = requireService('KAFKA_BROKERS').split(',');
  const buses: KafkaEventBus[] = [];
  const pools: Database[] = [];
  const started: StartedSubgraph[] = [];
  const gateways: RunningGateway[] = [];
  let scratch: (DisposableDatabase & { url: string }) | undefined;
  let jwksUrl: string | undefined;
  const production = options.production ?? false;
  const productionKey = production ? (options.key ?? (await signingKey())) : undefined;
  const identityOptions = {
    ...TEST_IDENTITY,
    ...(options.key ? { JWT_DEV_KEY_FILE: options.key.file } : {}),
    ...(productionKey
      ? { JWT_PRIVATE_KEY: productionKey.pems.privatePem, JWT_PUBLIC_KEY: productionKey.pems.publicPem, MFA_ENCRYPTION_KEY: randomBytes(32).toString('base64') }
      : {}),
    ...(options.apiKeyTokenTtlSeconds ? { API_KEY_TOKEN_TTL_SECONDS: options.apiKeyTokenTtlSeconds } : {}),
  };

  async function start<TContext extends AuthenticatedContext>(
    module: SubgraphModule<TContext>,
    { seed = true, websocketKeepAliveMs }: { seed?: boolean; websocketKeepAliveMs?: number } = {},
  ): Promise<StartedSubgraph> {
    const database = await openDatabase({ url: scratch!.url });
    pools.push(database);
    const bus = new KafkaEventBus({ brokers, clientId: `e2e-${module.name}-${run}-${started.length}` });
    buses.push(bus);
    const keysAt = jwksUrl;
    const verifyToken = createTokenVerifier({
      issuer: identityOptions.JWT_ISSUER,
      audience: identityOptions.JWT_AUDIENCE,
      // Identity verifies with its own keys; the others fetch them like separate services do.
      keys: keysAt ? remoteKeys(keysAt) : () => Promise.reject(new Error('no key set')),
      isDenied: (jti) => isTokenDenied(cache, jti),
    });
    const logger = createLogger(module.name, 'silent');
    const running = await startSubgraph(module, { database, cache, events: scopedToRun(bus, run), verifyToken, logger, production }, { port: 0, host: '127.0.0.1', seed, websocketKeepAliveMs });
    started.push(running);
    return running;
  }

  function gatewayConfig(routes: Readonly<Record<string, StartedSubgraph>>, gatewayOptions: Pick<LiveGatewayOptions, 'websocket' | 'rateLimits' | 'supergraph'> = {}): GatewayConfig {
    return {
      production,
      logLevel: 'silent',
      host: '127.0.0.1',
      port: 0,
      supergraphPath: gatewayOptions.supergraph?.path ?? 'schema/supergraph.graphql',
      watchSupergraph: gatewayOptions.supergraph?.watch ?? false,
      subgraphTimeoutMs: 10_000,
      subgraphUrls: Object.fromEntries(Object.entries(routes).map(([name, subgraph]) => [name, `${subgraph.url}/graphql`])),
      auth: { jwksUrl: jwksUrl!, issuer: identityOptions.JWT_ISSUER, audience: identityOptions.JWT_AUDIENCE, apiKeyExchangeUrl: `${identity.url}/auth/api-key-token` },
      // Suites open many sockets from loopback in a minute; those about the bounds set them.
      websocket: { connectionsPerMinute: 100_000, ...gatewayOptions.websocket },
      rateLimits: gatewayOptions.rateLimits,
    };
  }

  async function gateway(routes: Readonly<Record<string, StartedSubgraph>>, gatewayOptions: LiveGatewayOptions = {}): Promise<RunningGateway> {
    // Commands fail at once while it connects (offline queue off, as in production), so be connected before serving.
    if (!gatewayOptions.redis && redis.status !== 'ready') await once(redis, 'ready');
    const running = await startGateway(gatewayConfig(routes, gatewayOptions), { logger: createLogger('gateway', 'silent'), cache, redis: gatewayOptions.redis ?? redis });
    gateways.push(running);
    return running;
  }

  const close = async () => {
    await Promise.all(gateways.map((running) => running.close()));
    // In parallel: a Kafka consumer's disconnect waits out its pending fetch (up to 5 s) and the subgraphs do not depend on each other.
    await Promise.all(started.map((subgraph) => subgraph.close()));
    await Promise.all(buses.map((bus) => bus.close()));
    // After every client of the run is gone, so nothing recreates them; best-effort and bounded.
    if (buses.length > 0) {
      const cleanup = await deleteRunTopics(brokers, run);
      if (cleanup.error) process.stderr.write(`live-platform: run ${run}'s Kafka topics not all deleted (${cleanup.error})\n`);
    }
    await Promise.all(pools.map((pool) => pool.close()));
    await scratch?.dispose();
    await cache.invalidatePrefix('');
    await cache.close();
    redis.disconnect();
  };

  let identity: StartedSubgraph;
  try {
    scratch = await scratchPostgres();
    identity = await start(identitySubgraph(identityOptions));
    jwksUrl = `${identity.url}${JWKS_PATH}`;
  } catch (error) {
    await close();
    throw error;
  }
  return { identity, databaseUrl: scratch.url, start, gateway, gatewayConfig, redisPrefix, close };
}

/** Subgraphs a suite may start besides identity and workflows, which are always there: the rest of the list. */
export type OptionalSubgraph = Exclude<SubgraphName, 'identity' | 'workflows'>;

/**
 * Each as `npm start` builds it, with its defaults: marketplace keeps its catalog in Postgres (the
 * scratch database holds it); analytics consumes `workflow.case-events` from Kafka from the run's start.
 */
const startOptional = (cluster: LiveCluster, name: OptionalSubgraph): Promise<StartedSubgraph> => cluster.start(subgraphModules[name]({ identity: TEST_IDENTITY }));

export interface LivePlatformOptions extends LiveGatewayOptions, LiveClusterOptions {
  /** Started too, for suites that select their fields through the gateway. */
  subgraphs?: readonly OptionalSubgraph[];
}

export interface LivePlatform {
  gateway: RunningGateway;
  /** `http://…/` of the gateway, for queries and mutations. */
  url: string;
  /** `ws://…/graphql` of the gateway. */
  wsUrl: string;
  /** The scratch database every subgraph of the run uses. */
  databaseUrl: string;
  /** Every subgraph started, by name: identity, workflows and those asked for. */
  subgraphs: Record<'identity' | 'workflows', StartedSubgraph> & Partial<Record<OptionalSubgraph, StartedSubgraph>>;
  /** The run's cluster: to start another gateway (or its configuration, for one in another process) on the same subgraphs. */
  cluster: LiveCluster;
  close(): Promise<void>;
}

/**
 * Identity and workflows (which owns `caseEvents`), plus the optional subgraphs asked for, behind one
 * gateway, in this process, on the real services as deployed (see LiveCluster). Subgraphs not started
 * are in the supergraph still; only fields of those started can be selected.
 */
export async function startLivePlatform(options: LivePlatformOptions = {}): Promise<LivePlatform> {
  const cluster = await startLiveCluster(options);
  try {
    const workflows = await cluster.start(workflowsSubgraph());
    const subgraphs: LivePlatform['subgraphs'] = { identity: cluster.identity, workflows };
    for (const name of options.subgraphs ?? []) subgraphs[name] = await startOptional(cluster, name);
    const gateway = await cluster.gateway(subgraphs, options);
    return { gateway, url: `${gateway.url}/`, wsUrl: `${gateway.url.replace('http', 'ws')}/graphql`, databaseUrl: cluster.databaseUrl, subgraphs, cluster, close: () => cluster.close() };
  } catch (error) {
    await cluster.close();
    throw error;
  }
}
