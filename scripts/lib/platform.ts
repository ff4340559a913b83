import { gatewayConfigFromEnv, startGateway, type RunningGateway } from '@flowgraph/gateway';
import { identityOptionsFromEnv, JWKS_PATH, type IdentityOptions } from '@flowgraph/identity';
import {
  MemoryCache,
  MemoryEventBus,
  createLogger,
  createPGlite,
  createTokenVerifier,
  isTokenDenied,
  openDatabase,
  remoteKeys,
  startSubgraph,
  type PGlite,
  type StartedSubgraph,
} from '@flowgraph/shared';
import { GATEWAY, SUBGRAPHS, type SubgraphName } from '@flowgraph/shared/platform/subgraphs';
import { workflowsOptionsFromEnv } from '@flowgraph/workflows';
import { subgraphModules } from './subgraph-modules.js';

export interface PlatformOptions {
  /** The gateway's port; each subgraph takes it plus its offset in the list (4001 → +1). 0 gives every server a free port (tests). */
  basePort: number;
  host: string;
  /** Where the embedded Postgres keeps its files; in memory when absent. */
  pgliteDir?: string | undefined;
  databaseUrl?: string | undefined;
  /** Keeps the marketplace catalog in MongoDB instead of Postgres JSONB. */
  mongodbUrl?: string | undefined;
  seed: boolean;
  logLevel: string;
  supergraphPath: string;
  watchSupergraph: boolean;
  identity?: IdentityOptions;
}

export interface Platform {
  gateway: RunningGateway;
  /** The cache every server of the process shares (denylist, rate limits). */
  cache: MemoryCache;
  subgraphs: Record<SubgraphName, StartedSubgraph>;
  close(): Promise<void>;
}

/**
 * The whole supergraph in one process on embedded stores: one PGlite (a Postgres schema
 * per subgraph), one in-process cache and event bus; every subgraph of the list, the token
 * issuer (identity) first so the others can fetch its signing keys.
 */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const pglite = options.databaseUrl ? undefined : createPGlite(options.pgliteDir);
  const cache = new MemoryCache();
  const events = new MemoryEventBus();
  const identityOptions = options.identity ?? identityOptionsFromEnv();
  const port = (offset: number) => (options.basePort === 0 ? 0 : options.basePort + offset);
  const started: StartedSubgraph[] = [];
  // The gateway's settings as the gateway alone reads them from the environment; subgraphs take the same limits.
  const gatewayEnv = gatewayConfigFromEnv();
  const databases: { close(): Promise<void> }[] = [];
  const modules = { identity: identityOptions, workflows: workflowsOptionsFromEnv(), marketplace: options.mongodbUrl ? { mongodbUrl: options.mongodbUrl } : {} };

  async function start(name: SubgraphName, offset: number, jwksUrl: string | undefined) {
    const module = subgraphModules[name](modules);
    const logger = createLogger(module.name, options.logLevel);
    const database = await openDatabase({ url: options.databaseUrl, pglite });
    databases.push(database);
    const verifyToken = createTokenVerifier({
      issuer: identityOptions.JWT_ISSUER,
      audience: identityOptions.JWT_AUDIENCE,
      // Identity verifies with its own keys; the others fetch them like separate services would.
      keys: jwksUrl ? remoteKeys(jwksUrl) : () => Promise.reject(new Error('no key set')),
      isDenied: (jti) => isTokenDenied(cache, jti),
    });
    const running = await startSubgraph(module, { database, cache, events, verifyToken, logger, production: false, limits: gatewayEnv.limits }, { port: port(offset), host: options.host, seed: options.seed });
    started.push(running);
    return running;
  }

  try {
    // Filled below with every name of the list.
    const subgraphs = {} as Record<SubgraphName, StartedSubgraph>;
    let issuer: StartedSubgraph | undefined;
    // The list puts the token issuer first: the others are given its key set.
    for (const subgraph of SUBGRAPHS) {
      const running = await start(subgraph.name, subgraph.port - GATEWAY.port, issuer && `${issuer.url}${JWKS_PATH}`);
      subgraphs[subgraph.name] = running;
      if ('issuesTokens' in subgraph) issuer = running;
    }
    if (!issuer) throw new Error('no subgraph of the list issues tokens');
    const jwksUrl = `${issuer.url}${JWKS_PATH}`;
    const gateway = await startGateway(
      {
        production: false,
        logLevel: options.logLevel,
        host: options.host,
        port: port(0),
        supergraphPath: options.supergraphPath,
        watchSupergraph: options.watchSupergraph,
        subgraphTimeoutMs: 10_000,
        subgraphUrls: Object.fromEntries(Object.entries(subgraphs).map(([name, s]) => [name, `${s.url}/graphql`])),
        auth: { jwksUrl, issuer: identityOptions.JWT_ISSUER, audience: identityOptions.JWT_AUDIENCE, apiKeyExchangeUrl: `${issuer.url}/auth/api-key-token` },
        // The websocket settings (bounds, credential recheck, shared live fields) as the gateway alone reads them.
        websocket: gatewayEnv.websocket,
        limits: gatewayEnv.limits,
        rateLimits: gatewayEnv.rateLimits,
        trustedProxies: gatewayEnv.trustedProxies,
        inflightDedup: gatewayEnv.inflightDedup,
      },
      { logger: createLogger('gateway', options.logLevel), cache },
    );
    return {
      gateway,
      cache,
      subgraphs,
      close: async () => {
        await gateway.close();
        await closeAll(started, databases, events, pglite);
      },
    };
  } catch (error) {
    await closeAll(started, databases, events, pglite);
    throw error;
  }
}

async function closeAll(started: StartedSubgraph[], databases: { close(): Promise<void> }[], events: MemoryEventBus, pglite: PGlite | undefined) {
  for (const subgraph of started.reverse()) await subgraph.close();
  for (const database of databases) await database.close();
  await events.close();
  await pglite?.close();
}
