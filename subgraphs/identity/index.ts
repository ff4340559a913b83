import { verify } from '@node-rs/argon2';
import { createLocalJWKSet } from 'jose';
import { z } from 'zod';
import { buildGuardedSubgraphSchema, createTokenVerifier, loadConfig, loadTypeDefs, type Env, type SubgraphModule } from '@flowgraph/shared';
import { createContext, type Context } from './context.js';
import { IdentityRepository } from './data/identity-repository.js';
import { seedIdentity } from './data/seed.js';
import { loadSigningKey } from './data/signing-keys.js';
import { createTokenIssuer } from './data/token-issuer.js';
import { resolvers } from './resolvers/index.js';
import { permissions } from './resolvers/permissions.js';

export const identityEnvShape = {
  JWT_ISSUER: z.string().default('flowgraph-identity'),
  JWT_AUDIENCE: z.string().default('flowgraph'),
  JWT_PRIVATE_KEY: z.string().optional(),
  JWT_PUBLIC_KEY: z.string().optional(),
  JWT_DEV_KEY_FILE: z.string().default('.data/identity-signing-key.json'),
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

export function identitySubgraph(options: IdentityOptions): SubgraphModule<Context> {
  return {
    name: 'identity',
    defaultPort: 4001,
    migrationsFolder: new URL('./data/migrations', import.meta.url).pathname,
    async build(deps) {
      const key = await loadSigningKey({
        privatePem: options.JWT_PRIVATE_KEY,
        publicPem: options.JWT_PUBLIC_KEY,
        devKeyFile: deps.production ? undefined : options.JWT_DEV_KEY_FILE,
      });
      if (deps.production && !options.JWT_PRIVATE_KEY) throw new Error('identity: JWT_PRIVATE_KEY and JWT_PUBLIC_KEY are required in production');
      const tokens = createTokenIssuer(key, { issuer: options.JWT_ISSUER, audience: options.JWT_AUDIENCE });
      const repo = new IdentityRepository(deps.database.db);
      const jwks = JSON.stringify(tokens.jwks());
      return {
        schema: buildGuardedSubgraphSchema({ typeDefs: loadTypeDefs(new URL('./schema.graphql', import.meta.url)), resolvers, permissions }),
        createContext: (auth) => createContext(auth, { repo, tokens, verifyPassword: (hash, password) => verify(hash, password) }),
        verifyToken: createTokenVerifier({ issuer: options.JWT_ISSUER, audience: options.JWT_AUDIENCE, keys: createLocalJWKSet(tokens.jwks()) }),
        routes: {
          [JWKS_PATH]: (_req, res) => {
            res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'public, max-age=300' });
            res.end(jwks);
          },
        },
        seedDemoData: () => seedIdentity(repo),
      };
    },
  };
}
