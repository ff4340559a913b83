import { aiOptionsFromEnv, aiSubgraph } from '@flowgraph/ai';
import { analyticsSubgraph } from '@flowgraph/analytics';
import { gatewayConfigFromEnv, startGateway, type RunningGateway } from '@flowgraph/gateway';
import { identityOptionsFromEnv, identitySubgraph, JWKS_PATH, type IdentityOptions } from '@flowgraph/identity';
import { marketplaceSubgraph } from '@flowgraph/marketplace';
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
  type AuthenticatedContext,
  type PGlite,
  type StartedSubgraph,
  type SubgraphModule,
} from '@flowgraph/shared';
import { workflowsOptionsFromEnv, workflowsSubgraph } from '@flowgraph/workflows';

export interface PlatformOptions {
  /** The gateway's port; the subgraphs take the next five. 0 gives every server a free port (tests). */
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
  subgraphs: Record<string, StartedSubgraph>;
  close(): Promise<void>;
}

/**
 * The whole supergraph in one process on embedded stores: one PGlite (a Postgres schema
 * per subgraph), one in-process cache and event bus, identity first so the others can
 * fetch its signing keys.
 */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const pglite = options.databaseUrl ? undefined : createPGlite(options.pgliteDir);
  const cache = new MemoryCache();
  const events = new MemoryEventBus();
  const identityOptions = options.identity ?? identityOptionsFromEnv();
  const port = (offset: number) => (options.basePort === 0 ? 0 : options.basePort + offset);
  const started: StartedSubgraph[] = [];
  const databases: { close(): Promise<void> }[] = [];

  async function start<TContext extends AuthenticatedContext>(module: SubgraphModule<TContext>, offset: number, jwksUrl: string | undefined) {
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
    const running = await startSubgraph(module, { database, cache, events, verifyToken, logger, production: false }, { port: port(offset), host: options.host, seed: options.seed });
    started.push(running);
    return running;
  }

  try {
    const identity = await start(identitySubgraph(identityOptions), 1, undefined);
    const jwksUrl = `${identity.url}${JWKS_PATH}`;
    const workflows = await start(workflowsSubgraph(workflowsOptionsFromEnv()), 2, jwksUrl);
    const marketplace = await start(marketplaceSubgraph(options.mongodbUrl ? { mongodbUrl: options.mongodbUrl } : {}), 3, jwksUrl);
    const ai = await start(aiSubgraph(aiOptionsFromEnv()), 4, jwksUrl);
    const analytics = await start(analyticsSubgraph(), 5, jwksUrl);
    const subgraphs = { identity, workflows, marketplace, ai, analytics };
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
        auth: { jwksUrl, issuer: identityOptions.JWT_ISSUER, audience: identityOptions.JWT_AUDIENCE, apiKeyExchangeUrl: `${identity.url}/auth/api-key-token` },
        // The websocket settings (bounds, credential recheck, shared live fields) as the gateway alone reads them.
        websocket: gatewayConfigFromEnv().websocket,
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
