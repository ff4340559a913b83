/**
 * A cut-down platform for the subscriptions bench, in this process: identity (to log in and serve
 * signing keys) and workflows (which owns `caseEvents`) on one in-memory PGlite, plus the gateway.
 * Unlike scripts/lib/platform.ts, workflows gets a KafkaEventBus, so its CaseEventFeed consumes
 * `workflow.case-events` from a real broker. The other subgraphs are not started: the bench's
 * operation only selects fields owned by workflows.
 */
import { identitySubgraph, JWKS_PATH } from '@flowgraph/identity';
import { startGateway, type RunningGateway } from '@flowgraph/gateway';
import {
  KafkaEventBus,
  MemoryCache,
  MemoryEventBus,
  createLogger,
  createPGlite,
  createTokenVerifier,
  isTokenDenied,
  openDatabase,
  remoteKeys,
  startSubgraph,
  type AuthenticatedContext,
  type Db,
  type EventBus,
  type StartedSubgraph,
  type SubgraphModule,
} from '@flowgraph/shared';
import { workflowsSubgraph } from '@flowgraph/workflows';

const identity = { JWT_ISSUER: 'flowgraph-identity', JWT_AUDIENCE: 'flowgraph', JWT_DEV_KEY_FILE: '' };

export interface BenchPlatform {
  gateway: RunningGateway;
  workflows: StartedSubgraph;
  /** Workflows' database, where the producer records the events it publishes, as the outbox relay's would be. */
  workflowsDb: Db;
  close(): Promise<void>;
}

export async function startBenchPlatform(brokers: readonly string[], logLevel = 'silent'): Promise<BenchPlatform> {
  const pglite = createPGlite(undefined);
  const cache = new MemoryCache();
  const memoryBus = new MemoryEventBus();
  const kafkaBus = new KafkaEventBus({ brokers, clientId: 'bench-subscriptions-workflows' });
  const started: StartedSubgraph[] = [];
  const databases: { close(): Promise<void> }[] = [];

  const databaseOf = new Map<string, Db>();
  async function start<TContext extends AuthenticatedContext>(module: SubgraphModule<TContext>, events: EventBus, jwksUrl: string | undefined) {
    const database = await openDatabase({ pglite });
    databases.push(database);
    databaseOf.set(module.name, database.db);
    const verifyToken = createTokenVerifier({
      issuer: identity.JWT_ISSUER,
      audience: identity.JWT_AUDIENCE,
      keys: jwksUrl ? remoteKeys(jwksUrl) : () => Promise.reject(new Error('no key set')),
      isDenied: (jti) => isTokenDenied(cache, jti),
    });
    const running = await startSubgraph(module, { database, cache, events, verifyToken, logger: createLogger(module.name, logLevel), production: false }, { port: 0, host: '127.0.0.1', seed: true });
    started.push(running);
    return running;
  }

  const closeAll = async () => {
    for (const subgraph of started.reverse()) await subgraph.close();
    for (const database of databases) await database.close();
    await memoryBus.close();
    await kafkaBus.close();
    await pglite.close();
  };

  try {
    const identitySg = await start(identitySubgraph(identity), memoryBus, undefined);
    const jwksUrl = `${identitySg.url}${JWKS_PATH}`;
    const workflows = await start(workflowsSubgraph(), kafkaBus, jwksUrl);
    const gateway = await startGateway(
      {
        production: false,
        logLevel,
        host: '127.0.0.1',
        port: 0,
        supergraphPath: 'schema/supergraph.graphql',
        watchSupergraph: false,
        subgraphTimeoutMs: 10_000,
        subgraphUrls: { identity: `${identitySg.url}/graphql`, workflows: `${workflows.url}/graphql` },
        auth: { jwksUrl, issuer: identity.JWT_ISSUER, audience: identity.JWT_AUDIENCE, apiKeyExchangeUrl: `${identitySg.url}/auth/api-key-token` },
        // One user opening N sockets from one address: the per-user and per-address bounds, and the rate limit
        // each operation spends, would refuse the bench itself.
        websocket: { maxPerUser: Number.MAX_SAFE_INTEGER, connectionsPerMinute: Number.MAX_SAFE_INTEGER },
        rateLimits: { windowSeconds: 60, address: Number.MAX_SAFE_INTEGER, user: Number.MAX_SAFE_INTEGER, apiKey: Number.MAX_SAFE_INTEGER },
      },
      { logger: createLogger('gateway', logLevel), cache },
    );
    return {
      gateway,
      workflows,
      workflowsDb: databaseOf.get('workflows')!,
      close: async () => {
        await gateway.close();
        await closeAll();
      },
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
