import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

/** Module hooks (run on Node's loader thread) that write every module URL the process resolves to a file. */
const RECORDING_HOOKS = `
import { appendFileSync } from 'node:fs';
let log;
export function initialize(data) { log = data.log; }
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(log, resolved.url + '\\n');
  return resolved;
}
`;

const REGISTER = (hooks: string, log: string) => `
import { register } from 'node:module';
register(${JSON.stringify(hooks)}, { data: { log: ${JSON.stringify(log)} } });
`;

/** Clients of services the gateway never speaks to, and the shared modules that wrap them. */
const FOREIGN = [/\/node_modules\/(?:kafkajs|pg|pg-[\w-]+|stripe|mongodb|drizzle-orm|@electric-sql\/pglite)\//, /\/packages\/shared\/src\/(?:db|events|outbox|payments)\//];

/** Starts `gateway/src/server.ts` as `npm start` would, records what it loads until it is ready, and stops it. */
async function modulesLoadedByGatewayStartup(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-imports-'));
  const log = join(dir, 'modules.log');
  writeFileSync(log, '');
  const hooks = join(dir, 'hooks.mjs');
  writeFileSync(hooks, RECORDING_HOOKS);
  const register = join(dir, 'register.mjs');
  writeFileSync(register, REGISTER(pathToFileURL(hooks).href, log));
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', pathToFileURL(register).href, 'gateway/src/server.ts'], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      PORT: '0',
      SUPERGRAPH_WATCH: 'false',
      // Nothing listens there: the gateway reads keys and operation lists lazily, and tolerates their absence.
      JWKS_URL: 'http://127.0.0.1:9/.well-known/jwks.json',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    await expect.poll(() => output, { timeout: 60_000, interval: 100 }).toContain('gateway ready');
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
  return readFileSync(log, 'utf8').split('\n').filter(Boolean);
}

describe('gateway process', () => {
  it('starts without loading a database, broker or payment client', { timeout: 90_000 }, async () => {
    const modules = await modulesLoadedByGatewayStartup();
    // What it does load is recorded: the check below is not vacuous.
    expect(modules.some((url) => url.includes('/node_modules/@apollo/gateway/'))).toBe(true);
    expect(modules.some((url) => url.endsWith('/packages/shared/src/auth/jwt.ts'))).toBe(true);
    expect(modules.filter((url) => FOREIGN.some((pattern) => pattern.test(url)))).toEqual([]);
  });
});
