import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, calculateJwkThumbprint, exportJWK, exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { startGateway, type GatewayConfig, type RunningGateway } from '@flowgraph/gateway';
import { identitySubgraph, JWKS_PATH } from '@flowgraph/identity';
import {
  KafkaEventBus,
  RedisCache,
  createLogger,
  createTokenVerifier,
  isTokenDenied,
  remoteKeys,
  startSubgraph,
  type AuthenticatedContext,
  type Role,
  type StartedSubgraph,
  type SubgraphModule,
} from '@flowgraph/shared';
import { workflowsSubgraph } from '@flowgraph/workflows';
import { scratchPostgres, type DisposableDatabase } from './databases.js';
import { TEST_IDENTITY } from './e2e.js';
import { requireService } from './services.js';

/** Identity's signing key, held by the test too, so it can mint tokens identity would have issued (e.g. short-lived ones). */
export interface SigningKey {
  file: string;
  sign(claims: { sub: string; tenant: string; role: Role; expiresInSeconds: number }): Promise<string>;
}

export async function signingKey(): Promise<SigningKey> {
  const pair = await generateKeyPair('RS256', { extractable: true });
  const kid = await calculateJwkThumbprint(await exportJWK(pair.publicKey));
  const file = join(mkdtempSync(join(tmpdir(), 'identity-key-')), 'key.json');
  writeFileSync(file, JSON.stringify({ privatePem: await exportPKCS8(pair.privateKey), publicPem: await exportSPKI(pair.publicKey) }));
  return {
    file,
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

export interface LivePlatformOptions {
  key?: SigningKey;
  websocket?: GatewayConfig['websocket'];
}

export interface LivePlatform {
  gateway: RunningGateway;
  /** `http://…/` of the gateway, for queries and mutations. */
  url: string;
  /** `ws://…/graphql` of the gateway. */
  wsUrl: string;
  close(): Promise<void>;
}

/**
 * Identity and workflows (which owns `caseEvents`) behind the gateway, in this process, on the real
 * services as deployed: a scratch Postgres database, Redis (the logout denylist and exchanged API-key
 * tokens, shared by identity and the gateway, in a namespace of this run) and Kafka (outboxes publish
 * there, workflows' CaseEventFeed consumes `workflow.case-events`). The other subgraphs are not
 * started: the suites using this select only fields of these two.
 */
export async function startLivePlatform(options: LivePlatformOptions = {}): Promise<LivePlatform> {
  const run = randomUUID().slice(0, 8);
  const cache = new RedisCache(requireService('REDIS_URL'), `flowgraph-e2e-${run}:`);
  const brokers = requireService('KAFKA_BROKERS').split(',');
  const buses: KafkaEventBus[] = [];
  const started: StartedSubgraph[] = [];
  let database: DisposableDatabase | undefined;
  let gateway: RunningGateway | undefined;
  const identityOptions = { ...TEST_IDENTITY, ...(options.key ? { JWT_DEV_KEY_FILE: options.key.file } : {}) };

  async function start<TContext extends AuthenticatedContext>(module: SubgraphModule<TContext>, jwksUrl: string | undefined): Promise<StartedSubgraph> {
    const events = new KafkaEventBus({ brokers, clientId: `e2e-${module.name}-${run}` });
    buses.push(events);
    const verifyToken = createTokenVerifier({
      issuer: identityOptions.JWT_ISSUER,
      audience: identityOptions.JWT_AUDIENCE,
      keys: jwksUrl ? remoteKeys(jwksUrl) : () => Promise.reject(new Error('no key set')),
      isDenied: (jti) => isTokenDenied(cache, jti),
    });
    const logger = createLogger(module.name, 'silent');
    const running = await startSubgraph(module, { database: database!.database, cache, events, verifyToken, logger, production: false }, { port: 0, host: '127.0.0.1', seed: true });
    started.push(running);
    return running;
  }

  const close = async () => {
    await gateway?.close();
    for (const subgraph of started.reverse()) await subgraph.close();
    for (const bus of buses) await bus.close();
    await database?.dispose();
    await cache.invalidatePrefix('');
    await cache.close();
  };

  try {
    database = await scratchPostgres();
    const identity = await start(identitySubgraph(identityOptions), undefined);
    const jwksUrl = `${identity.url}${JWKS_PATH}`;
    const workflows = await start(workflowsSubgraph(), jwksUrl);
    gateway = await startGateway(
      {
        production: false,
        logLevel: 'silent',
        host: '127.0.0.1',
        port: 0,
        supergraphPath: 'schema/supergraph.graphql',
        watchSupergraph: false,
        subgraphTimeoutMs: 10_000,
        subgraphUrls: { identity: `${identity.url}/graphql`, workflows: `${workflows.url}/graphql` },
        auth: { jwksUrl, issuer: identityOptions.JWT_ISSUER, audience: identityOptions.JWT_AUDIENCE, apiKeyExchangeUrl: `${identity.url}/auth/api-key-token` },
        websocket: options.websocket,
      },
      { logger: createLogger('gateway', 'silent'), cache },
    );
    return { gateway, url: `${gateway.url}/`, wsUrl: `${gateway.url.replace('http', 'ws')}/graphql`, close };
  } catch (error) {
    await close();
    throw error;
  }
}
