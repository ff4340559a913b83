import { hash, verify } from '@node-rs/argon2';
import { createLocalJWKSet } from 'jose';
import { z } from 'zod';
import {
  clientAddress,
  trustedProxies,
  buildGuardedSubgraphSchema,
  createTokenVerifier,
  isTokenDenied,
  loadConfig,
  loadTypeDefs,
  OutboxRelay,
  type Env,
  type SubgraphModule,
} from '@flowgraph/shared';
import { apiKeyExchangeRoute } from './data/api-key-exchange.js';
import { PERSISTED_OPERATIONS_PATH, persistedOperationsRoute, UNLISTED_OPERATIONS_PATH, unlistedOperationsRoute } from './data/persisted-operation-routes.js';
import { API_KEY_TOKEN_TTL_SECONDS } from './domain/api-key.js';
import { createContext, type Context, type IdentityServices } from './context.js';
import { IdentityRepository } from './data/identity-repository.js';
import { createMfaCipher, loadMfaKey } from './data/mfa-cipher.js';
import { outbox } from './data/schema.js';
import { seedIdentity } from './data/seed.js';
import { loadSigningKeys } from './data/signing-keys.js';
import { createTokenIssuer } from './data/token-issuer.js';
import { resolvers } from './resolvers/index.js';
import { permissions } from './resolvers/permissions.js';

export const identityEnvShape = {
  JWT_ISSUER: z.string().default('flowgraph-identity'),
  JWT_AUDIENCE: z.string().default('flowgraph'),
  JWT_PRIVATE_KEY: z.string().optional(),
  JWT_PUBLIC_KEY: z.string().optional(),
  /** Retired public keys (PEMs, concatenated) still published while tokens they signed live. */
  JWT_PREVIOUS_PUBLIC_KEYS: z.string().optional(),
  JWT_DEV_KEY_FILE: z.string().default('.data/identity-signing-key.json'),
  /** Peers whose `x-forwarded-for` is believed (the gateway); IPs or CIDRs, comma-separated. Default: loopback. */
  TRUSTED_PROXIES: z.string().optional(),
  /** How long a token exchanged for an API key lives (default API_KEY_TOKEN_TTL_SECONDS); gateway websockets opened with a key renew it before then. */
  API_KEY_TOKEN_TTL_SECONDS: z.coerce.number().int().min(10).max(3_600).optional(),
  /** 32 bytes, base64; encrypts TOTP secrets at rest. Required in production. */
  MFA_ENCRYPTION_KEY: z
    .string()
    .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
    .optional(),
};

export type IdentityOptions = z.infer<z.ZodObject<typeof identityEnvShape>>;

export const identityOptionsFromEnv = (env: Env = process.env): IdentityOptions => {
  const options = loadConfig('identity', identityEnvShape, env);
  if (Boolean(options.JWT_PRIVATE_KEY) !== Boolean(options.JWT_PUBLIC_KEY)) {
    throw new Error('Invalid configuration for identity:\n  - JWT_PRIVATE_KEY and JWT_PUBLIC_KEY must be set together');
  }
  return options;
};

export const JWKS_PATH = '/.well-known/jwks.json';
export const API_KEY_TOKEN_PATH = '/auth/api-key-token';

export function identitySubgraph(options: IdentityOptions): SubgraphModule<Context> {
  return {
    name: 'identity',
    defaultPort: 4001,
    migrationsFolder: new URL('./data/migrations', import.meta.url).pathname,
    async build(deps) {
      const keys = await loadSigningKeys({
        privatePem: options.JWT_PRIVATE_KEY,
        publicPem: options.JWT_PUBLIC_KEY,
        previousPublicPems: options.JWT_PREVIOUS_PUBLIC_KEYS,
        devKeyFile: deps.production ? undefined : options.JWT_DEV_KEY_FILE,
      });
      if (deps.production && !options.JWT_PRIVATE_KEY) throw new Error('identity: JWT_PRIVATE_KEY and JWT_PUBLIC_KEY are required in production');
      const tokens = createTokenIssuer(keys, { issuer: options.JWT_ISSUER, audience: options.JWT_AUDIENCE, apiKeyTokenTtlSeconds: options.API_KEY_TOKEN_TTL_SECONDS ?? API_KEY_TOKEN_TTL_SECONDS });
      const mfa = createMfaCipher(
        loadMfaKey({ configured: options.MFA_ENCRYPTION_KEY, production: deps.production, devKeyFile: deps.production ? undefined : options.JWT_DEV_KEY_FILE }),
      );
      const repo = new IdentityRepository(deps.database.db);
      const proxies = trustedProxies(options.TRUSTED_PROXIES ?? '127.0.0.1,::1');
      const jwks = JSON.stringify(tokens.jwks());
      const relay = new OutboxRelay({ db: deps.database.db, outbox, bus: deps.events, logger: deps.logger });
      relay.start();
      const services: IdentityServices = {
        repo,
        tokens,
        mfa,
        cache: deps.cache,
        verifyPassword: (passwordHash, password) => verify(passwordHash, password),
        hashPassword: (password) => hash(password),
        eventsCommitted: () => relay.notify(),
        now: () => new Date(),
      };
      const verifyToken = createTokenVerifier({
        issuer: options.JWT_ISSUER,
        audience: options.JWT_AUDIENCE,
        keys: createLocalJWKSet(tokens.jwks()),
        // Identity honours logouts too, not only the gateway and the other subgraphs.
        isDenied: (jti) => isTokenDenied(deps.cache, jti),
      });
      const persistedOperations = { store: repo.persistedQueries, cache: deps.cache, verify: verifyToken, logger: deps.logger, now: () => services.now() };
      return {
        schema: buildGuardedSubgraphSchema({ typeDefs: loadTypeDefs(new URL('./schema.graphql', import.meta.url)), resolvers, permissions }),
        createContext: (auth, req) => createContext(auth, services, req ? clientAddress(req, proxies) : 'unknown'),
        verifyToken,
        routes: {
          [JWKS_PATH]: (_req, res) => {
            res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'public, max-age=300' });
            res.end(jwks);
          },
          [API_KEY_TOKEN_PATH]: apiKeyExchangeRoute({ apiKeys: repo.apiKeys, tokens, logger: deps.logger, now: () => services.now() }),
          // The gateway reads a partner client's persisted-operation list, and reports its unlisted operations, with the partner's token.
          [PERSISTED_OPERATIONS_PATH]: persistedOperationsRoute(persistedOperations),
          [UNLISTED_OPERATIONS_PATH]: unlistedOperationsRoute(persistedOperations),
        },
        seedDemoData: () => seedIdentity(repo),
        close: () => relay.stop(),
      };
    },
  };
}
