import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault, ApolloServerPluginLandingPageProductionDefault } from '@apollo/server/plugin/landingPage/default';
import type { IncomingHttpHeaders } from 'node:http';
import type { GraphQLSchema } from 'graphql';
import type { Redis } from 'ioredis';
import { anonymousApqRegistration, persistedQueryStore } from './apq-store.js';
import { costDirectivesFromSdl, DEFAULT_COST_LIMIT, type CostDirectives } from '@flowgraph/shared/graphql/operation-cost';
import { costLimitPlugin } from '@flowgraph/shared/graphql/cost-limit-plugin';
import { createPersistedOperations } from './persisted-operations.js';
import { createRateLimiter, DEFAULT_RATE_LIMIT_PLANS, rateLimitHeaders, tighter } from './rate-limits.js';
import { sameCaller } from '@flowgraph/shared/auth/context';
import { isTokenDenied } from '@flowgraph/shared/auth/denylist';
import { createTokenVerifier, remoteKeys } from '@flowgraph/shared/auth/jwt';
import type { Cache } from '@flowgraph/shared/cache/cache';
import { DEFAULT_OPERATION_LIMITS } from '@flowgraph/shared/graphql/operation-limits-config';
import { addressBucket, clientAddress, trustedProxies } from '@flowgraph/shared/http/client-address';
import { createGraphQLHttpServer, listen, type RunningServer } from '@flowgraph/shared/http/graphql-http-server';
import { attachGraphQLWebSocket, type WsCaller, type WsLimits } from '@flowgraph/shared/http/graphql-ws-server';
import type { Logger } from '@flowgraph/shared/logger';
import { clientError } from '@flowgraph/shared/graphql/client-errors';
import { createGatewayAuthenticator, type CallerCredentials, type GatewayAuthenticator } from './authentication.js';
import { DEFAULT_LIVE_FIELDS, gatewayConfigFromEnv, parseLiveFields, type GatewayConfig } from './config.js';
import { supergraphFromFile } from './supergraph-file.js';
import { AuthForwardingDataSource, type GatewayContext } from './subgraph-data-source.js';
import { SubgraphHttp } from './subgraph-http.js';
import { FederatedGateway } from './execution/federated-gateway.js';
import { SubscriptionExecutor } from './subscriptions.js';
import { gatewayCaller, InflightQueries } from './inflight-queries.js';

export interface RunningGateway extends RunningServer {
  readonly gateway: FederatedGateway;
  readonly apollo: ApolloServer<GatewayContext>;
  /** Subscriptions open to subgraphs (see SubscriptionExecutor.openUpstreams), for health and tests. */
  openUpstreamSubscriptions(): number;
  /** Queries executing on behalf of several identical requests, and those waiting on them (see InflightQueries). */
  inflightQueries(): { executing: number; following: number };
}

/** The federated entry point: plans each operation over the supergraph and fetches from the subgraphs. */
/**
 * A websocket's caller. A connection opened with an API key renews itself before the token the
 * key was exchanged for expires, by exchanging the key again; one opened with an access token
 * lives until that token expires, unless its client renews it (see graphql-ws-server.ts).
 */
function websocketCaller(authenticateCaller: GatewayAuthenticator, headers: IncomingHttpHeaders, caller: CallerCredentials): WsCaller<CallerCredentials> {
  const expiresAt = caller.auth.kind === 'user' ? caller.auth.expiresAt : undefined;
  const renew = async () => {
    const next = await authenticateCaller(headers, { outliving: expiresAt });
    return next.auth.kind === 'user' ? websocketCaller(authenticateCaller, headers, next) : undefined;
  };
  return { auth: caller, expiresAt, renew: headers['x-api-key'] ? renew : undefined };
}

/** What one client may hold open over websockets, from the config or the env defaults. */
function websocketLimits(config: GatewayConfig): WsLimits<CallerCredentials> {
  const defaults = gatewayConfigFromEnv({}).websocket;
  const ws = config.websocket;
  const proxies = trustedProxies(ws?.trustedProxies ?? defaults?.trustedProxies ?? '');
  return {
    perConnection: ws?.maxPerConnection ?? defaults?.maxPerConnection,
    perPrincipal: ws?.maxPerUser ?? defaults?.maxPerUser,
    // An API key's tokens name the key as `sub`: a partner's connections count together, like a person's.
    principalKey: ({ auth }) => (auth.kind === 'user' ? `${auth.tenantId}/${auth.client ?? 'user'}/${auth.userId}` : 'anonymous'),
    connectionsPerMinute: ws?.connectionsPerMinute ?? defaults?.connectionsPerMinute,
    clientAddress: (request) => addressBucket(clientAddress(request, proxies)),
  };
}

export interface GatewayDeps {
  logger: Logger;
  /** Where rate-limit budgets are counted, shared by every gateway instance; absent: in-process budgets. */
  redis?: Redis | undefined;
  /** Where the logout denylist and exchanged API-key tokens live; shared with identity. */
  cache: Cache;
}

export async function startGateway(config: GatewayConfig, deps: GatewayDeps): Promise<RunningGateway> {
  const { logger } = deps;
  const authenticateCaller = createGatewayAuthenticator({
    cache: deps.cache,
    apiKeyExchangeUrl: config.auth.apiKeyExchangeUrl,
    verify: createTokenVerifier({
      issuer: config.auth.issuer,
      audience: config.auth.audience,
      keys: remoteKeys(config.auth.jwksUrl),
      isDenied: (jti) => isTokenDenied(deps.cache, jti),
    }),
  });
  const http = new SubgraphHttp({ timeoutMs: config.subgraphTimeoutMs, production: config.production, logger });
  let supergraphLoaded = false;
  let apiSchema: GraphQLSchema | undefined;
  let costDirectives: CostDirectives | undefined;
  const dataSource = (name: string, url: string) => new AuthForwardingDataSource(config.subgraphUrls[name] ?? url, http);
  const gateway = new FederatedGateway({
    supergraphSdl: supergraphFromFile(config.supergraphPath, { watch: config.watchSupergraph, logger }),
    http,
    subgraphUrls: config.subgraphUrls,
    logger,
  });
  const subscriptions = new SubscriptionExecutor({ subgraphUrls: config.subgraphUrls, dataSource, logger, maxPendingEvents: config.websocket?.maxPendingEvents, liveFields: config.websocket?.liveFields ?? parseLiveFields(DEFAULT_LIVE_FIELDS) });
  // Subscriptions plan with the gateway's own planner: one supergraph load builds one planner.
  gateway.onSupergraphLoaded((loaded) => {
    subscriptions.update(loaded);
    apiSchema = loaded.apiGraphQLSchema;
    // @cost and @listSize as the subgraphs declared them, kept by composition in the supergraph.
    costDirectives = costDirectivesFromSdl(loaded.coreSupergraphSdl);
    supergraphLoaded = true;
  });
  const limits = config.limits ?? DEFAULT_OPERATION_LIMITS;
  const rateLimiter = createRateLimiter(config.rateLimits ?? DEFAULT_RATE_LIMIT_PLANS, { redis: deps.redis, logger });
  const proxies = trustedProxies(config.trustedProxies ?? '');
  const listUrl = config.persistedOperations?.url ?? new URL('/auth/persisted-operations', config.auth.jwksUrl).toString();
  const persistedOperations = createPersistedOperations({
    cache: deps.cache,
    listUrl,
    unlistedUrl: `${listUrl.replace(/\/$/, '')}/unlisted`,
    pollMs: config.persistedOperations?.pollMs ?? 1_000,
    logger,
  });
  const inflightQueries = new InflightQueries(gatewayCaller);
  const apollo = new ApolloServer<GatewayContext>({
    gateway: config.inflightDedup === false ? gateway : inflightQueries.sharing(gateway),
    introspection: !config.production,
    includeStacktraceInErrorResponses: !config.production,
    // No "did you mean" field suggestions for strangers probing the schema.
    hideSchemaDetailsFromClientErrors: config.production,
    allowBatchedHttpRequests: limits.maxBatch > 1,
    // First-party clients' automatic persisted queries, shared by every instance.
    persistedQueries: { cache: persistedQueryStore(deps.cache, { ttlSeconds: 24 * 3600 }) },
    // No stack trace, URL or unexpected failure's message leaves in production, whatever raised it.
    ...(config.production ? { formatError: clientError } : {}),
    csrfPrevention: true,
    logger,
    plugins: [
      {
        async requestDidStart() {
          return {
            async willSendResponse({ contextValue, response }) {
              if (contextValue.rateLimit) for (const [name, value] of rateLimitHeaders(contextValue.rateLimit)) response.http.headers.set(name, value);
            },
          };
        },
      },
      costLimitPlugin<GatewayContext>({ limit: config.cost ?? DEFAULT_COST_LIMIT, schema: () => apiSchema, directives: () => costDirectives, logger }),
      config.production
        ? ApolloServerPluginLandingPageProductionDefault({ footer: false })
        : ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false, footer: false }),
    ],
  });
  await apollo.start();
  const server = createGraphQLHttpServer<GatewayContext>({
    apollo,
    logger,
    limits,
    // Measured against the API schema being served; reloads replace it.
    schema: () => apiSchema,
    graphqlPaths: ['/', '/graphql'],
    // Partner clients' trusted documents: decided once the caller is known, before APQ and planning.
    // …and anonymous callers use automatic persisted queries without registering any (see apq-store.ts).
    admit: async (context, request) => (await persistedOperations.admit(context, request)) ?? anonymousApqRegistration(context.auth, request),
    readiness: {
      supergraph: async () => {
        if (!supergraphLoaded) throw new Error('supergraph not loaded');
      },
    },
    // Budgets are counted before anything reaches a subgraph: the address's before the credential is
    // checked (guessing API keys costs budget too), the principal's once it is known.
    context: async (req) => {
      const previous = req.headers['x-forwarded-for'];
      const peer = req.socket.remoteAddress ?? 'unknown';
      const byAddress = await rateLimiter.address(addressBucket(clientAddress(req, proxies)));
      const caller = await authenticateCaller(req.headers);
      const rateLimit = tighter(byAddress, await rateLimiter.principal(caller.auth));
      return { ...caller, forwardedFor: previous ? `${String(previous)}, ${peer}` : peer, rateLimit };
    },
  });
  // Subscriptions (and any operation) over graphql-ws on the same port and paths; `connection_init`
  // carries `authorization` or `x-api-key`, verified exactly as the HTTP headers are.
  const ws = attachGraphQLWebSocket<CallerCredentials, GatewayContext>({
    server,
    paths: ['/', '/graphql'],
    schema: () => subscriptions.schema,
    // The same document limits, cost limit and schema hiding as over HTTP.
    guard: { limits, cost: { limit: config.cost ?? DEFAULT_COST_LIMIT, directives: () => costDirectives }, hideSchema: config.production },
    logger,
    credentialRecheckMs: config.websocket?.credentialRecheckMs,
    keepAliveMs: config.websocket?.keepAliveMs,
    authenticate: async (params) => {
      const credential = (name: string) => (typeof params[name] === 'string' ? params[name] : undefined);
      const headers = { authorization: credential('authorization'), 'x-api-key': credential('x-api-key') };
      const caller = await authenticateCaller(headers);
      return caller.auth.kind === 'user' ? websocketCaller(authenticateCaller, headers, caller) : undefined;
    },
    samePrincipal: (current, next) => sameCaller(current.auth, next.auth),
    // A partner's trusted documents hold over websockets as over HTTP.
    // Each operation over a socket spends its principal's rate-limit budget, as a request over HTTP does
    // (RATE_LIMITED with retryAfterSeconds), then meets the partner's trusted documents.
    admit: async (caller, request) => {
      await rateLimiter.principal(caller.auth);
      return persistedOperations.admit(caller, request);
    },
    // The caller's subscriptions reach subgraphs over connections opened with the old token: they move to the new one.
    onRenewed: (_previous, next) => void subscriptions.renewCredential(next.auth),
    // Read per fetch, so that entity fetches of a long subscription forward the token as renewed.
    context: (_caller, req, current) => {
      const previous = req.headers['x-forwarded-for'];
      const peer = req.socket.remoteAddress ?? 'unknown';
      const forwardedFor = previous ? `${String(previous)}, ${peer}` : peer;
      return {
        get auth() {
          return current().auth.auth;
        },
        get authorization() {
          return current().auth.authorization;
        },
        forwardedFor,
      };
    },
    execute: (args) => inflightQueries.detachingAfterMutation(args, subscriptions.run),
    subscribe: subscriptions.run,
    limits: websocketLimits(config),
  });
  const running = await listen(server, config.port, config.host);
  logger.info({ url: running.url }, 'gateway ready');
  return {
    ...running,
    gateway,
    apollo,
    openUpstreamSubscriptions: () => subscriptions.openUpstreams,
    inflightQueries: () => inflightQueries.stats(),
    close: async () => {
      await ws.close();
      persistedOperations.close();
      await subscriptions.close();
      await running.close();
      await apollo.stop();
      await http.close();
    },
  };
}
