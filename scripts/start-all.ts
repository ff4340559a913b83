/**
 * `npm start`: the whole supergraph in one process on embedded stores, seeded with demo
 * data, Sandbox on http://localhost:4000. DATABASE_URL switches to a real Postgres.
 */
import { z } from 'zod';
import { demo, env, loadConfig } from '@flowgraph/shared';
import { startPlatform } from './lib/platform.js';

const config = loadConfig('npm start', {
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(1).max(65_530).default(4000),
  LOG_LEVEL: env.logLevel().default('warn'),
  DATABASE_URL: env.optionalUrl(),
  MONGODB_URL: env.optionalUrl(),
  PGLITE_DIR: z.string().default('.data/pglite'),
  SEED_DEMO_DATA: env.bool(true),
  SUPERGRAPH_PATH: z.string().default('schema/supergraph.graphql'),
});

const platform = await startPlatform({
  basePort: config.PORT,
  host: config.HOST,
  databaseUrl: config.DATABASE_URL,
  mongodbUrl: config.MONGODB_URL,
  pgliteDir: config.DATABASE_URL ? undefined : config.PGLITE_DIR,
  seed: config.SEED_DEMO_DATA,
  logLevel: config.LOG_LEVEL,
  supergraphPath: config.SUPERGRAPH_PATH,
  watchSupergraph: true,
});

const users = Object.values(demo.users)
  .map((u) => `    ${u.role.padEnd(6)}  ${u.email}`)
  .join('\n');
console.log(`
  Flowgraph supergraph is up.

  Sandbox:      ${platform.gateway.url}/
  Subgraphs:    ${Object.values(platform.subgraphs)
    .map((s) => `${s.name} ${s.url}/graphql`)
    .join('\n                ')}
  Store:        ${config.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.PGLITE_DIR}`}

  Demo credentials (password for all: ${demo.password})
${users}

  Sign in from Sandbox:
    mutation { login(input: { email: "${demo.users.admin.email}", password: "${demo.password}" }) { accessToken } }
  then set the header  Authorization: Bearer <accessToken>  and try:
    { me { name tenant { name metrics { casesStarted } } specifications { name metrics { casesCompleted } } templates { name } } }
`);

const stop = async () => {
  await platform.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
